"""Check a SCORM zip from its directory before anything is extracted, then extract it safely.

Every limit is checked on the zip's central directory first (names, types, declared sizes, the
number of files, the compression ratio), so a zip bomb or a path escape is refused before one
byte is written. Extraction then counts what it really writes (declared sizes can lie) into a
fresh directory beside the final one, and renames it into place only when complete: a package
directory is either whole or absent.

Limits (settings, with defaults): SCORM_MAX_UPLOAD_BYTES (zip, 200 MB), SCORM_MAX_TOTAL_BYTES
(uncompressed, 500 MB), SCORM_MAX_FILE_BYTES (one file, 200 MB), SCORM_MAX_FILES (5,000),
SCORM_MAX_RATIO (uncompressed/compressed for files over 1 MB, 200).
"""

from __future__ import annotations

import os
import shutil
import stat
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.errors import InvalidInput

from .manifest import Manifest, parse_manifest
from .paths import safe_relative_path

MANIFEST = "imsmanifest.xml"
CHUNK = 64 * 1024
RATIO_FLOOR = 1024 * 1024  # small files may compress very well (blank images, repeated markup)


def limit(name: str) -> int:
    defaults = {
        "SCORM_MAX_UPLOAD_BYTES": 200 * 1024 * 1024,
        "SCORM_MAX_TOTAL_BYTES": 500 * 1024 * 1024,
        "SCORM_MAX_FILE_BYTES": 200 * 1024 * 1024,
        "SCORM_MAX_FILES": 5000,
        "SCORM_MAX_RATIO": 200,
    }
    return int(getattr(settings, name, defaults[name]))


def storage_root() -> Path:
    """Where extracted packages live: outside MEDIA_ROOT, so only the permission-checked view serves them."""
    root = getattr(settings, "SCORM_ROOT", None) or Path(settings.MEDIA_ROOT).parent / "scorm-packages"
    return Path(root)


@dataclass(frozen=True)
class CheckedPackage:
    manifest: Manifest
    files: dict[str, zipfile.ZipInfo]  # safe relative path -> entry
    total_bytes: int


def _refuse_entry(info: zipfile.ZipInfo) -> None:
    shown = info.filename[:200]
    mode = info.external_attr >> 16
    if info.create_system == 3 and mode and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise InvalidInput(
            _("The package contains a link or special file (%(name)s); it was refused.") % {"name": shown}
        )
    if info.flag_bits & 0x1:
        raise InvalidInput(_("The package contains an encrypted file (%(name)s); it was refused.") % {"name": shown})
    if safe_relative_path(info.filename, directory=info.is_dir()) is None:
        raise InvalidInput(
            _("The package contains an unsafe file name (%(name)s): names must stay inside the package.")
            % {"name": shown}
        )


def check_archive(archive: zipfile.ZipFile, *, size: int) -> CheckedPackage:
    """The package's manifest and files if the zip passes every check; InvalidInput otherwise."""
    if size > limit("SCORM_MAX_UPLOAD_BYTES"):
        raise InvalidInput(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit("SCORM_MAX_UPLOAD_BYTES"))}
        )
    entries = archive.infolist()
    if len(entries) > limit("SCORM_MAX_FILES"):
        raise InvalidInput(
            _("The package holds %(count)d files; the limit is %(limit)d.")
            % {"count": len(entries), "limit": limit("SCORM_MAX_FILES")}
        )
    files: dict[str, zipfile.ZipInfo] = {}
    folded: set[str] = set()
    total = 0
    for info in entries:
        _refuse_entry(info)
        if info.is_dir():
            continue
        if info.file_size > limit("SCORM_MAX_FILE_BYTES"):
            raise InvalidInput(
                _("The file %(name)s in the package is too large (%(size)s); the limit is %(limit)s.")
                % {
                    "name": info.filename[:200],
                    "size": filesizeformat(info.file_size),
                    "limit": filesizeformat(limit("SCORM_MAX_FILE_BYTES")),
                }
            )
        if info.file_size > RATIO_FLOOR and info.file_size > limit("SCORM_MAX_RATIO") * max(info.compress_size, 1):
            raise InvalidInput(
                _("The file %(name)s in the package is compressed suspiciously well (a zip bomb?); it was refused.")
                % {"name": info.filename[:200]}
            )
        total += info.file_size
        if info.filename.lower() in folded:
            raise InvalidInput(_("The package contains the file %(name)s twice.") % {"name": info.filename[:200]})
        folded.add(info.filename.lower())
        files[info.filename] = info
    if total > limit("SCORM_MAX_TOTAL_BYTES"):
        raise InvalidInput(
            _("The package would take %(size)s once unpacked; the limit is %(limit)s.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limit("SCORM_MAX_TOTAL_BYTES"))}
        )
    if MANIFEST not in files:
        raise InvalidInput(
            _(
                "This is not a SCORM package: there is no imsmanifest.xml at the top of the zip file. Export it again as SCORM 1.2 or SCORM 2004 and upload that zip."
            )
        )
    manifest = parse_manifest(archive.read(files[MANIFEST]), set(files))
    return CheckedPackage(manifest=manifest, files=files, total_bytes=total)


def open_zip(upload) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InvalidInput(
            _("The file is not a zip file. Upload the SCORM package as it was exported (.zip).")
        ) from None


def extract(archive: zipfile.ZipFile, checked: CheckedPackage, key: str) -> Path:
    """Write the checked files to storage_root()/key, all or nothing; the directory is returned."""
    root = storage_root()
    root.mkdir(parents=True, exist_ok=True)
    final = root / key
    incoming = root / f".incoming-{uuid.uuid4().hex}"
    incoming.mkdir()
    written = 0
    try:
        for name, info in checked.files.items():
            target = incoming.joinpath(*name.split("/"))
            if not target.resolve().is_relative_to(incoming.resolve()):
                raise InvalidInput(
                    _("The package contains an unsafe file name (%(name)s): names must stay inside the package.")
                    % {"name": name[:200]}
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            remaining = info.file_size
            with archive.open(info) as source, open(target, "xb") as sink:
                while chunk := source.read(CHUNK):
                    remaining -= len(chunk)
                    written += len(chunk)
                    if remaining < 0 or written > limit("SCORM_MAX_TOTAL_BYTES"):
                        raise InvalidInput(_("The package's files are larger than its directory says; it was refused."))
                    sink.write(chunk)
        os.rename(incoming, final)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        shutil.rmtree(incoming, ignore_errors=True)
        raise InvalidInput(_("The zip file is damaged and could not be unpacked.")) from error
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    return final


def remove(key: str) -> None:
    if key and safe_relative_path(key):
        shutil.rmtree(storage_root() / key, ignore_errors=True)
