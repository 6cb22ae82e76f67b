"""Wagtail's page privacy, checked without two queries on every learner page.

Wagtail asks each served page for its view restrictions (one query for the ancestors, one for
the restrictions). Sites have a handful of restrictions, so a snapshot of all of them, with the
paths of alias pages, is kept in the shared cache under the version of `caching.TREE`; a
restriction saved or deleted (in any process) bumps it, so the next request everywhere
enforces it. The catalogue's router fetches the snapshot with the page it resolves (one round
trip) and hands it to the page; a page under an alias falls back to Wagtail's own query.
"""

from django.db.models import F
from wagtail.models import Page, PageViewRestriction

from .caching import get_many_or_build

SNAPSHOT_PARTS = ("restrictions",)


def load_snapshot():
    restrictions = [
        (restriction, restriction.page_path)
        for restriction in PageViewRestriction.objects.annotate(page_path=F("page__path")).order_by("pk")
    ]
    alias_paths = tuple(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    return restrictions, alias_paths


def snapshot():
    """([(restriction, path of its page)], paths of alias pages), from the shared cache."""
    return get_many_or_build(None, {"snapshot": (SNAPSHOT_PARTS, load_snapshot)})["snapshot"]


class CachedViewRestrictionsMixin:
    """For page models: Wagtail's get_view_restrictions, answered from the shared snapshot."""

    def get_view_restrictions(self):
        # Set by CatalogPage.route, which read it in the same round trip as the page itself.
        restrictions, alias_paths = getattr(self, "_restriction_snapshot", None) or snapshot()
        if self.alias_of_id or any(self.path.startswith(path) for path in alias_paths):
            return super().get_view_restrictions()
        return [restriction for restriction, path in restrictions if self.path.startswith(path)]
