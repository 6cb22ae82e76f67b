"""The course tree's namespace in the shared cache, and the signals that make it stale.

Everything cached about the course tree (the outline of each course, the rendered lesson bodies,
the resolved page of a URL, the snapshot of view restrictions) is keyed by the version of `TREE`
(core.cache). A saved, published, unpublished, moved or deleted page, and a view restriction
saved or deleted, bump it. The version lives in the shared cache, so the next request in every
process builds afresh: no process keeps its own copy.

A request reads the version once (`tree_key` keeps it on the request) and fetches the values it
needs together (`get_many_or_build`): a learner page costs two round trips to the cache, not ten.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.cache import DEFAULT_TIMEOUT, bump, version

TREE = "courses:tree"
_REQUEST_ATTR = "_courses_tree_version"


def tree_key(request, *parts):
    """The cache key of `parts` at the tree's version, read once per request."""
    current = getattr(request, _REQUEST_ATTR, None) if request is not None else None
    if current is None:
        current = version(TREE)
        if request is not None:
            setattr(request, _REQUEST_ATTR, current)
    return ":".join([TREE, str(current), *(str(part) for part in parts)])


def get_many_or_build(request, wanted):
    """{name: value} for wanted = {name: (parts, build)}: one cache round trip, missing ones built and stored."""
    keys = {name: tree_key(request, *parts) for name, (parts, _build) in wanted.items()}
    found = cache.get_many(list(keys.values()))
    values, missing = {}, {}
    for name, key in keys.items():
        if key in found:
            values[name] = found[key]
        else:
            values[name] = missing[key] = wanted[name][1]()
    if missing:
        cache.set_many(missing, DEFAULT_TIMEOUT)
    return values


def bump_now_and_after_commit(namespace):
    """Bump at once (this transaction's own next read sees the change) and again after commit.

    The second bump matters between processes: another process may have rebuilt a value from
    data read before our commit, under the version of the first bump; after the commit that
    value is never read again.
    """
    bump(namespace)
    transaction.on_commit(lambda: bump(namespace))


def _page_changed(sender, instance=None, **kwargs):
    # The snapshot of restrictions keeps page paths (restricted pages, aliases) and so does every
    # outline: any page change makes the whole tree's cache stale.
    if isinstance(instance, Page):
        bump_now_and_after_commit(TREE)


def _tree_changed(sender, **kwargs):
    bump_now_and_after_commit(TREE)


def connect():
    """Called once from CoursesConfig.ready(), so every process (web, worker, shell) bumps."""
    # Any page model: a specific page sends post_save with its own class as sender.
    post_save.connect(_page_changed, dispatch_uid="courses_tree_page_saved")
    post_delete.connect(_page_changed, dispatch_uid="courses_tree_page_deleted")
    page_published.connect(_page_changed, dispatch_uid="courses_tree_page_published")
    page_unpublished.connect(_page_changed, dispatch_uid="courses_tree_page_unpublished")
    post_page_move.connect(_tree_changed, dispatch_uid="courses_tree_page_moved")
    post_save.connect(_tree_changed, sender=PageViewRestriction, dispatch_uid="courses_restrictions_saved")
    post_delete.connect(_tree_changed, sender=PageViewRestriction, dispatch_uid="courses_restrictions_deleted")
    m2m_changed.connect(
        _tree_changed, sender=PageViewRestriction.groups.through, dispatch_uid="courses_restrictions_groups"
    )
