"""Writes to the search index: what may be found, in which language, with which words.

A course or lesson is indexed while it is live under live pages (what the catalogue serves), one
row per language it has text in (English, the source, always). View restrictions are not baked
in: they are applied when searching (selectors), so changing one needs no reindexing. A person is
indexed with their names, employee ID, position, office and province in every language; who may
find them is decided when searching, by the people policy.

`sync_subtree` is called on publish, unpublish and move (receivers) and by
`manage.py rebuild_search_index`; it reads the subtree's pages once, removes the rows of pages
that may no longer be found and (re)builds the rows of the pages asked for and of those newly
visible. Everything runs inside the caller's transaction (Wagtail's publishing one), so the index
commits or rolls back with the page.
"""

from __future__ import annotations

import html
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.html import strip_tags
from wagtail.models import Page

from courses.models import CoursePage, LessonPage
from people.models import StaffProfile

from .models import Kind, SearchDocument
from .segmentation import normalize, token_string

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)  # en, km, lo
SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
STEPLEN = Page.steplen

_BLOCK_TAGS = re.compile(r"<\s*(/?(p|li|h[1-6]|ul|ol|div|blockquote)\b[^>]*|br\s*/?)>", re.I)


def plain_text(rich):
    """Rich text as plain text, paragraphs and list items on lines of their own (never glued together)."""
    if not rich:
        return ""
    text = html.unescape(strip_tags(_BLOCK_TAGS.sub("\n", str(rich))))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _stream_text(stream):
    """The readable text of a lesson body (paragraphs, callouts, captions, video titles and transcripts)."""
    raw = getattr(stream, "raw_data", None) or []
    parts = []
    for block in raw:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph":
            parts.append(plain_text(value))
        elif kind == "callout" and isinstance(value, dict):
            parts.append(plain_text(value.get("text")))
        elif kind == "video" and isinstance(value, dict):
            parts.extend([value.get("title") or "", value.get("transcript") or ""])
        elif kind == "image" and isinstance(value, dict):
            parts.extend([value.get("caption") or "", value.get("alt_text") or ""])
        elif kind == "document" and isinstance(value, dict):
            parts.append(value.get("label") or "")
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _in(obj, field, language):
    """The field's own value in `language` (no fallback); English also reads the base column."""
    value = getattr(obj, f"{field}_{language}", None)
    if not value and language == SOURCE:
        value = getattr(obj, field, None)
    return value


def _document(kind, *, language, title, text, context="", page=None, staff_profile=None):
    title, text, context = normalize(title)[:255], normalize(text), normalize(context)[:500]
    return SearchDocument(
        kind=kind,
        language=language,
        page=page,
        staff_profile=staff_profile,
        title=title,
        context=context,
        text=text,
        title_tokens=token_string(title),
        tokens=token_string(f"{title}\n{text}"),
    )


def course_documents(course):
    documents = []
    for language in LANGUAGES:
        title = _in(course, "title", language)
        text = "\n".join(
            part
            for part in (_in(course, "summary", language), plain_text(_in(course, "learning_outcomes", language)))
            if part
        )
        if language != SOURCE and not (title or text):
            continue
        documents.append(
            _document(
                Kind.COURSE, language=language, title=title or course.title_en or course.title, text=text, page=course
            )
        )
    return documents


def lesson_documents(lesson, course):
    documents = []
    for language in LANGUAGES:
        title = _in(lesson, "title", language)
        text = _stream_text(_in(lesson, "body", language))
        if language != SOURCE and not (title or text):
            continue
        course_title = (_in(course, "title", language) or course.title) if course is not None else ""
        documents.append(
            _document(
                Kind.LESSON,
                language=language,
                title=title or lesson.title_en or lesson.title,
                text=text,
                context=course_title,
                page=lesson,
            )
        )
    return documents


def _ancestor_paths(path):
    return [path[:end] for end in range(STEPLEN, len(path), STEPLEN)]


def sync_subtree(root, *, refresh=False):
    """Bring the index in step with the pages under `root` (itself included).

    Rows of pages that may no longer be found are deleted; pages that may be found and have no
    rows are indexed; with `refresh`, every findable page of the subtree is indexed again (its
    text or its course's title changed). Returns (indexed, removed) page counts.
    """
    types = ContentType.objects.get_for_models(CoursePage, LessonPage)
    indexed_types = {types[CoursePage].pk, types[LessonPage].pk}
    rows = list(Page.objects.filter(path__startswith=root.path).values_list("pk", "path", "live", "content_type_id"))
    above = set(Page.objects.filter(path__in=_ancestor_paths(root.path), live=False).values_list("path", flat=True))
    hidden = {path for _pk, path, live, _ct in rows if not live} | above
    findable = {
        pk
        for pk, path, live, content_type in rows
        if content_type in indexed_types and live and not any(path.startswith(h) for h in hidden)
    }
    subtree_ids = [pk for pk, _path, _live, _ct in rows]
    indexed = set(SearchDocument.objects.filter(page_id__in=subtree_ids).values_list("page_id", flat=True).distinct())
    gone = indexed - findable
    wanted = findable if refresh else findable - indexed
    with transaction.atomic():
        SearchDocument.objects.filter(page_id__in=gone | wanted).delete()
        SearchDocument.objects.bulk_create(_page_documents(wanted), batch_size=500)
    return len(wanted), len(gone)


def _page_documents(page_ids):
    if not page_ids:
        return []
    courses = {course.path: course for course in CoursePage.objects.filter(pk__in=page_ids)}
    lessons = list(LessonPage.objects.filter(pk__in=page_ids))
    missing = {lesson.path[: (lesson.depth - 2) * STEPLEN] for lesson in lessons} - set(courses)
    course_of = {**courses, **{c.path: c for c in CoursePage.objects.filter(path__in=missing)}} if missing else courses
    documents = []
    for course in courses.values():
        documents.extend(course_documents(course))
    for lesson in lessons:
        documents.extend(lesson_documents(lesson, course_of.get(lesson.path[: (lesson.depth - 2) * STEPLEN])))
    return documents


# People ---------------------------------------------------------------------------------------


def person_document(profile):
    user = profile.user
    places = [profile.position, profile.office, profile.province]
    names = [
        getattr(place, f"name_{language}", "") or "" for place in places if place is not None for language in LANGUAGES
    ]
    text = "\n".join(
        part
        for part in [profile.name_native, user.first_name, user.last_name, user.username, profile.employee_id, *names]
        if part
    )
    return _document(Kind.PERSON, language="", title=profile.display_name, text=text, staff_profile=profile)


def index_people(profiles):
    """(Re)index these staff profiles (a queryset): one delete, one insert."""
    profiles = list(profiles.select_related("user", "position", "office", "province"))
    with transaction.atomic():
        SearchDocument.objects.filter(staff_profile__in=[p.pk for p in profiles]).delete()
        SearchDocument.objects.bulk_create([person_document(p) for p in profiles], batch_size=500)
    return len(profiles)


def rebuild():
    """The whole index again: every findable course and lesson, every member of staff."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        pages = sum(sync_subtree(root, refresh=True)[0] for root in Page.get_root_nodes())
        people = index_people(StaffProfile.objects.all())
    return pages, people
