"""Wagtail's page privacy, checked without two queries on every learner page.

Wagtail asks each served page for its view restrictions (one query for the ancestors, one for
the restrictions). Sites have a handful of restrictions, so this module keeps all of them, and
the paths of alias pages, in process memory; the course pages answer from it. Any change to a
restriction or a page's alias clears it. A page under an alias falls back to Wagtail's own query.
"""

import threading

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction

_lock = threading.Lock()
_state = {}


def _load():
    restrictions = [(r, r.page.path) for r in PageViewRestriction.objects.select_related("page")]
    alias_paths = tuple(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    return restrictions, alias_paths


def _snapshot():
    state = _state.get("value")
    if state is None:
        state = _load()
        with _lock:
            _state["value"] = state
    return state


def clear(**kwargs):
    with _lock:
        _state.clear()


def _page_saved(sender, instance, **kwargs):
    if isinstance(instance, Page) and (instance.alias_of_id or kwargs.get("created")):
        clear()


post_save.connect(clear, sender=PageViewRestriction, dispatch_uid="courses_restrictions_saved")
post_delete.connect(clear, sender=PageViewRestriction, dispatch_uid="courses_restrictions_deleted")
post_save.connect(_page_saved, dispatch_uid="courses_restrictions_page_saved")
post_delete.connect(clear, sender=Page, dispatch_uid="courses_restrictions_page_deleted")


class CachedViewRestrictionsMixin:
    """For page models: Wagtail's get_view_restrictions, answered from the cached snapshot."""

    def get_view_restrictions(self):
        restrictions, alias_paths = _snapshot()
        if self.alias_of_id or any(self.path.startswith(path) for path in alias_paths):
            return super().get_view_restrictions()
        return [restriction for restriction, path in restrictions if self.path.startswith(path)]
