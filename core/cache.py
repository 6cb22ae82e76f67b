"""Versioned keys in the shared cache: a change bumps a namespace's version, every process sees it.

The cache is Redis in production (shared by every web process and worker) and local memory for
the laptop demo. Values are never deleted one by one: a signal calls `bump(namespace)` and every
key built from the old version is simply never read again (it expires on its own).

On a page, `request_version` reads a namespace's version once per request, together with every
namespace apps declare through the Wagtail hook `register_cache_namespaces` (one round trip), and
`get_many_or_build` fetches values built from the database. A value under a versioned key never
changes (a change makes a new version, hence a new key), so each process also keeps the values it
read recently in memory, by their full key: nothing is ever stale, because the version itself is
read from the shared cache on every request, and a warm page costs one round trip to the cache.
Such values are shared between requests: callers must not mutate them.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from wagtail import hooks

_VERSION_PREFIX = "core:version:"
DEFAULT_TIMEOUT = 24 * 3600
_MISSING = object()
NAMESPACES_HOOK = "register_cache_namespaces"
_REQUEST_ATTR = "_core_cache_versions"
LOCAL_MAX_ENTRIES = 512
_local: OrderedDict = OrderedDict()
_local_lock = threading.Lock()
# The versions read in the request being served, for callers that have no request at hand
# (hooks, model methods); emptied when the next request starts, never set outside requests.
_current_versions: ContextVar[dict | None] = ContextVar("core_cache_versions", default=None)


_current_memo: ContextVar[dict | None] = ContextVar("core_request_memo", default=None)


def _request_started(environ=None, scope=None, **kwargs):
    _current_versions.set(None)
    # Only a GET or HEAD shares reads between hooks: a POST may change what it read before.
    method = (environ or {}).get("REQUEST_METHOD") or (scope or {}).get("method")
    _current_memo.set({} if method in ("GET", "HEAD") else None)


def _request_finished(**kwargs):
    _current_versions.set(None)
    _current_memo.set(None)


def request_memo() -> dict:
    """A dict that lives as long as the GET request being served, so two hooks share a read.

    Outside GET requests (a POST, a task, a command) a new dict is returned each time: nothing is kept.
    """
    memo = _current_memo.get()
    return {} if memo is None else memo


request_started.connect(_request_started, dispatch_uid="core_cache_request_started")
request_finished.connect(_request_finished, dispatch_uid="core_cache_request_finished")


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
    versions = _current_versions.get()
    if versions is not None:
        versions.pop(namespace, None)  # this request's next read sees the change
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


_declared: tuple[str, ...] | None = None


def _declared_namespaces() -> tuple[str, ...]:
    global _declared
    if _declared is None:  # hooks are registered when the apps load: read them once
        _declared = tuple(name for hook in hooks.get_hooks(NAMESPACES_HOOK) for name in hook())
    return _declared


def request_version(request, namespace: str) -> int:
    """The namespace's version, read once per request; the first read fetches every declared namespace too.

    Without a request (a hook, a model method), the versions of the request being served are
    used, if any; outside requests (tasks, commands) the version is read each time.
    """
    versions = getattr(request, _REQUEST_ATTR, None) if request is not None else _current_versions.get()
    if versions is None:
        versions = {}
        if request is not None:
            setattr(request, _REQUEST_ATTR, versions)
            _current_versions.set(versions)
    if namespace not in versions:
        wanted = {namespace, *_declared_namespaces()} - versions.keys()
        found = cache.get_many([_VERSION_PREFIX + name for name in wanted])
        for name in wanted:
            current = found.get(_VERSION_PREFIX + name)
            versions[name] = version(name) if current is None else current
    return versions[namespace]


def request_key(request, namespace: str, *parts: Any) -> str:
    return ":".join([namespace, str(request_version(request, namespace)), *(str(part) for part in parts)])


def _local_get(key: str) -> Any:
    with _local_lock:
        value = _local.get(key, _MISSING)
        if value is not _MISSING:
            _local.move_to_end(key)
        return value


def _local_put(items: dict) -> None:
    with _local_lock:
        _local.update(items)
        while len(_local) > LOCAL_MAX_ENTRIES:
            _local.popitem(last=False)


def clear_local() -> None:
    """Forget the values this process keeps (tests; never needed for correctness)."""
    with _local_lock:
        _local.clear()


def get_many_or_build(
    request, namespace: str, wanted: dict, timeout: int = DEFAULT_TIMEOUT, build_many: Callable | None = None
) -> dict:
    """{name: value} for wanted = {name: (parts, build)} at the namespace's version for this request.

    Values this process read recently come from memory; the others in one round trip to the
    shared cache; the missing ones are built (each by its `build`, or all together by
    `build_many(names)` → {name: value}), stored and returned. Values are shared: do not mutate.
    """
    keys = {name: request_key(request, namespace, *parts) for name, (parts, _build) in wanted.items()}
    values, remote = {}, []
    for name, key in keys.items():
        value = _local_get(key)
        if value is _MISSING:
            remote.append(key)
        else:
            values[name] = value
    if remote:
        found = cache.get_many(remote)
        missing = [name for name, key in keys.items() if name not in values and key not in found]
        together = build_many(missing) if build_many is not None and missing else {}
        built = {}
        for name, key in keys.items():
            if name in values:
                continue
            if key in found:
                values[name] = found[key]
            else:
                values[name] = built[key] = together[name] if build_many is not None else wanted[name][1]()
        if built:
            cache.set_many(built, timeout)
        _local_put({keys[name]: values[name] for name in values if keys[name] in remote})
    return values
