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

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from wagtail import hooks

_VERSION_PREFIX = "core:version:"
DEFAULT_TIMEOUT = 24 * 3600
_MISSING = object()
NAMESPACES_HOOK = "register_cache_namespaces"
PERSON_NAMESPACES_HOOK = "register_person_cache_namespaces"
_REQUEST_ATTR = "_core_cache_versions"
LOCAL_MAX_ENTRIES = 2048
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


def bump_now_and_after_commit(namespace: str) -> None:
    """Bump at once (this transaction's own next read sees the change) and again after commit.

    The second bump matters between processes: another process may have rebuilt a value from
    data read before our commit, under the version of the first bump; after the commit that
    value is never read again.
    """
    bump(namespace)
    transaction.on_commit(lambda: bump(namespace))


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


def person_namespace(user_id) -> str:
    """The namespace of what one person has done (enrolments, progress, grades, attendance, plans)."""
    return f"person:{user_id}"


def bump_person(user_id) -> None:
    """A person's own rows changed (see `bump_now_and_after_commit`)."""
    if user_id is not None:
        bump_now_and_after_commit(person_namespace(user_id))


@hooks.register(PERSON_NAMESPACES_HOOK)
def _person_namespace(user_id):
    return [person_namespace(user_id)]


def _person_namespaces(request) -> list[str]:
    """The per-person namespaces of the request's user, read in the same round trip as the others.

    The user is taken from the request if already loaded, else from the session (only to choose
    which versions to fetch: a wrong guess costs one more round trip later, never a wrong value).
    """
    user = getattr(request, "_cached_user", None)
    if user is not None:
        user_id = user.pk if user.is_authenticated else None
    elif settings.SESSION_COOKIE_NAME in getattr(request, "COOKIES", {}):
        # Only with a session cookie: reading the session marks the response "Vary: Cookie".
        session = getattr(request, "session", None)
        user_id = session.get(SESSION_KEY) if session is not None else None
    else:
        user_id = None
    if not user_id:
        return []
    return [name for hook in hooks.get_hooks(PERSON_NAMESPACES_HOOK) for name in hook(user_id)]


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
        if request is not None and not versions:
            wanted.update(_person_namespaces(request))
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
        _fragments.clear()


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


# What one person sees, kept per process -------------------------------------------------------

_until: ContextVar[list | None] = ContextVar("core_cache_until", default=None)
FRAGMENT_MAX_ENTRIES = 4096
_fragments: OrderedDict = OrderedDict()


def changes_at(moment) -> None:
    """Tell the value being built (`person_cached`) that what it shows changes at `moment`.

    For what time alone changes (a cohort's last meeting ending): the value is built again on
    the first request after that moment. Outside a build it does nothing.
    """
    box = _until.get()
    if box is not None and moment is not None:
        box.append(moment)


def person_cached(request, name: Any, build: Callable[[], Any]) -> Any:
    """A value built for the request's user (HTML, or an object never mutated), kept in this
    process's memory under everything it depends on; `name` says what it is and of which page.

    The key holds the person's version (`bump_person`: their enrolments, progress, grades,
    attendance, plans, answers), every declared namespace's version (a published page, a changed
    quiz, cohort, meeting or survey makes every person's value stale), the language, the host,
    and today's date in the site's time zone (due dates); what changes at a moment is declared
    while building with `changes_at`. All versions come from the request's one round trip, so a
    warm value costs no query and no further round trip, and a change shows on the very next
    request in every process. Kept in memory only, not in the shared cache: HTML holds the
    static file addresses of the running release, and a restarted process starts empty.
    Anonymous visitors have no person: the value is built for each request.
    """
    from django.utils import timezone
    from django.utils.translation import get_language

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return build()
    user_id = user.pk
    key = (
        name,
        user_id,
        request_version(request, person_namespace(user_id)),
        tuple(request_version(request, namespace) for namespace in _declared_namespaces()),
        get_language(),
        request.get_host(),
        timezone.localdate(),
    )
    now = timezone.now()
    outer = _until.get()  # a value built inside another's build: the outer one changes when this one does
    with _local_lock:
        found = _fragments.get(key)
        if found is not None:
            _fragments.move_to_end(key)
    if found is not None and (found[1] is None or now < found[1]):
        if outer is not None and found[1] is not None:
            outer.append(found[1])
        return found[0]
    token = _until.set([])
    try:
        value = build()
        moments = [moment for moment in _until.get() if moment > now]
    finally:
        _until.reset(token)
    until = min(moments) if moments else None
    if outer is not None and until is not None:
        outer.append(until)
    with _local_lock:
        _fragments[key] = (value, until)
        while len(_fragments) > FRAGMENT_MAX_ENTRIES:
            _fragments.popitem(last=False)
    return value


def track_person_rows(model, person_id_of: Callable[[Any], Any], *, deletes: bool = True) -> None:
    """Bump the person's namespace whenever a row of `model` is saved (and deleted, unless `deletes=False`).

    `person_id_of(instance)` gives the person the row belongs to. Writes that send no signal
    (bulk_create, bulk_update, QuerySet.update) must call `bump_person` themselves. A row whose
    person is found through a parent row, and which is only ever deleted with that parent (a
    cascade), passes `deletes=False`: the parent's deletion bumps, and no query runs per row.
    """
    from django.db.models.signals import post_delete, post_save

    def changed(sender, instance, **kwargs):
        bump_person(person_id_of(instance))

    label = f"{model._meta.label_lower}_person"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{label}_saved")
    if deletes:
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{label}_deleted")
