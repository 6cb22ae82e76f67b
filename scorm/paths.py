"""Which names inside a package are safe: one rule for the zip's entries and for served paths.

A safe name is relative, uses forward slashes, has no empty, "." or ".." part, no drive letter,
no backslash, no control character, and a bounded length. Anything else is refused, never
"cleaned": a package that needs cleaning is not one we extract.
"""

from __future__ import annotations

import re

MAX_PATH_LENGTH = 512
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_relative_path(name: str, *, directory: bool = False) -> str | None:
    """The name as a relative POSIX path if it is safe, else None (a trailing / is allowed for a directory)."""
    if not isinstance(name, str) or not name or len(name) > MAX_PATH_LENGTH:
        return None
    if "\\" in name or name.startswith("/") or _DRIVE.match(name) or _CONTROL.search(name):
        return None
    if directory and name.endswith("/"):
        name = name[:-1]
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    return name
