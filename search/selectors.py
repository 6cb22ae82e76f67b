"""Reads of the search index: what a reader finds for a query, in order, with the passage that matched.

A query is cut into words exactly as the indexed text was (segmentation), and a row matches when
it holds every word of the query as a whole word. On PostgreSQL that is full-text search over
to_tsvector('simple', tokens) (GIN index, migration 0002); elsewhere (the SQLite demo) a LIKE on
" word " in the same space-delimited token string. Both give the same rows, and the order is
computed by the same portable SQL on both (no ts_rank, which SQLite has no equal of):

1. the reader's language first, then English (the source), then the other language;
2. all the words in the title; the words side by side in the query's order (a phrase);
3. how often the words occur; courses before lessons; title.

A page matching in several languages is shown once, in the first language of that order.
Only what the reader may open is searched: live pages (the index holds only findable ones), not
behind a view restriction the reader does not pass, lessons for signed-in readers (lesson pages
ask to log in). People only for those with `search.search_people`, and only those the
people policy lets them see.

Query budget (pinned in tests/search/test_views.py): a count and a page of rows; one or two more
when group view restrictions exist; the restrictions themselves come from the shared cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Length, Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import BaseViewRestriction, PageViewRestriction

from core.permissions import visible_to
from courses.restrictions import snapshot
from people.models import StaffProfile

from . import segmentation
from .models import Kind, SearchDocument

SOURCE_LANGUAGE = "en"
LANGUAGES = ("km", "lo", "en")
SNIPPET_BEFORE = 60  # characters of context before the first match
SNIPPET_LENGTH = 240


def language_order(reader_language):
    """The reader's language, then English, then the others."""
    return list(dict.fromkeys([code for code in (reader_language, SOURCE_LANGUAGE, *LANGUAGES) if code in LANGUAGES]))


def matching(queryset, words, *, portable=False):
    """Rows of `queryset` holding every word of `words` as a whole word (`portable`: by LIKE on any database)."""
    if not portable and connections[queryset.db].vendor == "postgresql":
        return queryset.alias(found=SearchVector("tokens", config="simple")).filter(
            found=SearchQuery(" ".join(words), config="simple", search_type="plain")
        )
    for word in words:
        queryset = queryset.filter(tokens__contains=f" {word} ")
    return queryset


def _ranked(queryset, words):
    title_hit = Q()
    for word in words:
        title_hit &= Q(title_tokens__contains=f" {word} ")
    occurrences = Value(0)
    for word in words:
        # Each whole-word occurrence of " word " replaced by " " shortens the string by len(word) + 1.
        occurrences = occurrences + (Length("tokens") - Length(Replace("tokens", Value(f" {word} "), Value(" ")))) / (
            len(word) + 1
        )
    return queryset.annotate(
        title_hit=Case(When(title_hit, then=1), default=0, output_field=IntegerField()),
        phrase_hit=Case(When(tokens__contains=f" {' '.join(words)} ", then=1), default=0, output_field=IntegerField())
        if len(words) > 1
        else Value(0),
        occurrences=occurrences,
    )


def _blocked_paths(request):
    """Paths of the pages behind a view restriction this reader does not pass (from the shared cache)."""
    restrictions, _aliases = snapshot()
    user = request.user
    blocked, by_groups = [], []
    for restriction, path in restrictions:
        if restriction.restriction_type == BaseViewRestriction.GROUPS:
            if not user.is_authenticated:
                blocked.append(path)
            elif not user.is_superuser:
                by_groups.append((restriction.pk, path))
        elif not restriction.accept_request(request):  # login or password (session): no query
            blocked.append(path)
    if by_groups:
        mine = set(user.groups.values_list("pk", flat=True))
        allowed = {
            restriction_id
            for restriction_id, group_id in PageViewRestriction.groups.through.objects.filter(
                pageviewrestriction_id__in=[pk for pk, _path in by_groups]
            ).values_list("pageviewrestriction_id", "group_id")
            if group_id in mine
        }
        blocked += [path for pk, path in by_groups if pk not in allowed]
    return blocked


def content_results(request, words, reader_language):
    """Courses and lessons the reader may open that hold every word, best first (a queryset)."""
    kinds = [Kind.COURSE, Kind.LESSON] if request.user.is_authenticated else [Kind.COURSE]
    visible = SearchDocument.objects.filter(kind__in=kinds, page__live=True)
    for path in _blocked_paths(request):
        visible = visible.exclude(page__path__startswith=path)
    found = matching(visible, words)
    order = language_order(reader_language)
    # One row per page: leave out a language when a language before it in the order matched too.
    better = matching(SearchDocument.objects.filter(page_id=OuterRef("page_id")), words)
    shown_elsewhere = Q()
    for index, language in enumerate(order[1:], start=1):
        shown_elsewhere |= Q(language=language) & Exists(better.filter(language__in=order[:index]))
    found = found.exclude(shown_elsewhere)
    found = _ranked(found, words).annotate(
        language_rank=Case(
            *(When(language=code, then=rank) for rank, code in enumerate(order)),
            default=len(order),
            output_field=IntegerField(),
        ),
        kind_rank=Case(When(kind=Kind.COURSE, then=0), default=1, output_field=IntegerField()),
    )
    return found.select_related("page").order_by(
        "language_rank", "-title_hit", "-phrase_hit", "-occurrences", "kind_rank", "title", "pk"
    )


def may_search_people(user):
    return user.has_perm("search.search_people")


def people_results(user, words):
    """Staff the user may see (people policy) whose names, ID, position, office or province hold every word."""
    visible = visible_to(user, "people.view_staff", StaffProfile.objects.all())
    found = matching(SearchDocument.objects.filter(kind=Kind.PERSON, staff_profile__in=visible.values("pk")), words)
    return (
        _ranked(found, words)
        .select_related(
            "staff_profile__user", "staff_profile__position", "staff_profile__office", "staff_profile__province"
        )
        .order_by("-title_hit", "-phrase_hit", "-occurrences", "title", "pk")
    )


# The passage shown -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    html: str
    matched: bool


def highlight(text, words, *, length=None):
    """`text` (escaped) with each whole-word match in <mark>; with `length`, only a passage around the first one."""
    wanted = set(words)
    tokens = segmentation.tokens(text)
    hits = [token for token in tokens if token.text in wanted]
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        if hits:
            from_here = hits[0].start - SNIPPET_BEFORE
            start = next((t.start for t in tokens if t.start >= from_here), hits[0].start)
        end = max((t.end for t in tokens if start < t.end <= start + length), default=min(len(text), start + length))
    parts, position = [], start
    for hit in hits:
        if hit.start < start or hit.end > end:
            continue
        parts += [escape(text[position : hit.start]), "<mark>", escape(text[hit.start : hit.end]), "</mark>"]
        position = hit.end
    parts.append(escape(text[position:end]))
    # Words side by side (a Khmer or Lao phrase typed without spaces) read as one marked passage.
    body = re.sub(r"\s+", " ", "".join(parts).replace("</mark><mark>", "")).strip()
    if start > 0:
        body = "… " + body
    if end < len(text):
        body += " …"
    return Passage(mark_safe(body), bool(hits))  # noqa: S308  (every piece of text was escaped above)


def passage(document, words):
    return highlight(document.text, words, length=SNIPPET_LENGTH)


def page_url(document, request):
    return document.page.get_url(request) if document.page_id else ""
