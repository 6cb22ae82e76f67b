"""The course tree's namespaces in the shared cache, and the signals that make them stale.

Everything cached about the course tree (the outline of each course, the rendered lesson bodies,
the resolved page of a URL) is keyed by the version of `TREE`; the privacy snapshot by the
version of `RESTRICTIONS` (core.cache). A saved, published, unpublished, moved or deleted page
bumps the tree; a view restriction saved or deleted bumps the restrictions. The version lives in
the shared cache, so the next request in every process builds afresh: no process keeps its own.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.cache import bump

TREE = "courses:tree"
RESTRICTIONS = "courses:restrictions"


def bump_now_and_after_commit(namespace):
    """Bump at once (this transaction's own next read sees the change) and again after commit.

    The second bump matters between processes: another process may have rebuilt a value from
    data read before our commit, under the version of the first bump; after the commit that
    value is never read again.
    """
    bump(namespace)
    transaction.on_commit(lambda: bump(namespace))


def _page_changed(sender, instance=None, **kwargs):
    if not isinstance(instance, Page):
        return
    bump_now_and_after_commit(TREE)
    # The snapshot keeps the paths of alias pages and of restricted pages: a new, deleted or
    # aliased page can change which restrictions apply where.
    if kwargs.get("created") or instance.alias_of_id or kwargs.get("signal") is post_delete:
        bump_now_and_after_commit(RESTRICTIONS)


def _page_moved(sender, instance=None, **kwargs):
    bump_now_and_after_commit(TREE)
    bump_now_and_after_commit(RESTRICTIONS)


def _restrictions_changed(sender, **kwargs):
    bump_now_and_after_commit(RESTRICTIONS)


def connect():
    """Called once from CoursesConfig.ready(), so every process (web, worker, shell) bumps."""
    # Any page model: a specific page sends post_save with its own class as sender.
    post_save.connect(_page_changed, dispatch_uid="courses_tree_page_saved")
    post_delete.connect(_page_changed, dispatch_uid="courses_tree_page_deleted")
    page_published.connect(_page_changed, dispatch_uid="courses_tree_page_published")
    page_unpublished.connect(_page_changed, dispatch_uid="courses_tree_page_unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="courses_tree_page_moved")
    post_save.connect(_restrictions_changed, sender=PageViewRestriction, dispatch_uid="courses_restrictions_saved")
    post_delete.connect(_restrictions_changed, sender=PageViewRestriction, dispatch_uid="courses_restrictions_deleted")
    m2m_changed.connect(
        _restrictions_changed, sender=PageViewRestriction.groups.through, dispatch_uid="courses_restrictions_groups"
    )
