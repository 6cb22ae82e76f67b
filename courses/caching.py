"""The course tree's namespace in the shared cache, and the signals that make it stale.

Everything cached about the course tree (the outline of each course, the rendered lesson bodies,
the resolved page of a URL, the snapshot of view restrictions) is keyed by the version of `TREE`
(core.cache). A saved, published, unpublished, moved or deleted page, and a view restriction
saved or deleted, bump it. The version lives in the shared cache, so the next request in every
process builds afresh: no process keeps its own copy.

A request reads the version once (core.cache.request_version keeps it on the request, read in
the same round trip as the other declared namespaces) and fetches the values it needs together
(`get_many_or_build`); values read recently come from the process's memory under their full
versioned key, so a warm learner page costs one round trip to the cache.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import cache as shared

TREE = "courses:tree"


def tree_key(request, *parts):
    """The cache key of `parts` at the tree's version, read once per request."""
    return shared.request_key(request, TREE, *parts)


def get_many_or_build(request, wanted):
    """{name: value} for wanted = {name: (parts, build)} at the tree's version (core.cache.get_many_or_build).

    Values are shared with other requests of the process: never mutate them.
    """
    return shared.get_many_or_build(request, TREE, wanted)


def _page_changed(sender, instance=None, **kwargs):
    # The snapshot of restrictions keeps page paths (restricted pages, aliases) and so does every
    # outline: any page change makes the whole tree's cache stale.
    if isinstance(instance, Page):
        shared.bump_now_and_after_commit(TREE)


def _tree_changed(sender, **kwargs):
    shared.bump_now_and_after_commit(TREE)


def connect():
    """Called once from CoursesConfig.ready(), so every process (web, worker, shell) bumps."""
    from .models import Enrolment, LessonProgress

    # What a learner has done (My learning is cached per person: core.cache.person_cached).
    shared.track_person_rows(Enrolment, lambda enrolment: enrolment.learner_id)
    # Progress is deleted only with its enrolment (which bumps) or its lesson (a page: bumps the tree).
    shared.track_person_rows(LessonProgress, lambda progress: progress.enrolment.learner_id, deletes=False)
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
