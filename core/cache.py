"""Versioned keys in the shared cache: a change bumps a namespace's version, every process sees it.

The cache is Redis in production (shared by every web process and worker) and local memory for
the laptop demo. Values are never deleted one by one: a signal calls `bump(namespace)` and every
key built from the old version is simply never read again (it expires on its own).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

_VERSION_PREFIX = "core:version:"
DEFAULT_TIMEOUT = 24 * 3600
_MISSING = object()


def version(namespace: str) -> int:
    """The namespace's current version; a missing one starts at a random number, never at a reused one."""
    key = _VERSION_PREFIX + namespace
    current = cache.get(key)
    if current is None:
        cache.add(key, secrets.randbelow(2**40) + 1, timeout=None)
        current = cache.get(key)
    return current


def bump(namespace: str) -> None:
    """Make every key of the namespace stale, in every process sharing the cache."""
    key = _VERSION_PREFIX + namespace
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, secrets.randbelow(2**40) + 1, timeout=None)


def versioned_key(namespace: str, *parts: Any) -> str:
    return ":".join([namespace, str(version(namespace)), *(str(part) for part in parts)])


def get_or_build(namespace: str, parts: tuple, build: Callable[[], Any], timeout: int = DEFAULT_TIMEOUT) -> Any:
    """The cached value for (namespace, parts) at the namespace's current version, built once if missing."""
    key = versioned_key(namespace, *parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:  # a built None (nothing there) is a value too, not a reason to build again
        value = build()
        cache.set(key, value, timeout)
    return value
