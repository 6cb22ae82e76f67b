"""Translation status, computed from the content: which fields of a course are still missing in km or lo.

A field counts as "to translate" when its English source is not empty; it is missing in a language
when that language's column is empty. A course is available in a language when no field of any of
its live pages is missing in it (English, the source language, always is). Quizzes are listed in
the report too, but do not decide the course's languages: they are snippets, edited apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from modeltranslation.translator import NotRegistered, translator
from wagtail.models import Page

from courses.models import CoursePage

TARGET_LANGUAGES = ("km", "lo")
SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


@dataclass(frozen=True)
class MissingField:
    obj: object
    field: str
    language: str

    @property
    def field_label(self):
        return self.obj._meta.get_field(self.field).verbose_name

    @property
    def kind(self):
        return self.obj._meta.verbose_name

    @property
    def edit_url(self):
        if isinstance(self.obj, Page):
            return reverse("wagtailadmin_pages:edit", args=[self.obj.pk])
        meta = self.obj._meta
        return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[self.obj.pk])


def is_empty(value) -> bool:
    """Whether a translated value holds nothing: None, blank text, an empty StreamField or rich text."""
    if value is None:
        return True
    if hasattr(value, "raw_data"):  # a StreamValue
        return len(value) == 0
    return not str(value).strip() or str(value).strip() in {"<p></p>", "<p><br/></p>"}


def page_fields(page) -> list[str]:
    """The translated fields of a page: its title and the fields its type registers."""
    try:
        own = list(translator.get_options_for_model(type(page)).local_fields)
    except NotRegistered:
        own = []
    return ["title", *own]


def course_pages(course) -> list[Page]:
    """The course and every live page under it, as their own types, in tree order."""
    pages = [course.specific] if course.live else []
    pages += list(Page.objects.live().descendant_of(course).order_by("path").specific())
    return pages


def missing_in(objects, fields_of, languages=TARGET_LANGUAGES) -> list[MissingField]:
    missing = []
    for obj in objects:
        for name in fields_of(obj):
            if is_empty(getattr(obj, f"{name}_{SOURCE_LANGUAGE}", None)):
                continue
            for language in languages:
                if is_empty(getattr(obj, f"{name}_{language}", None)):
                    missing.append(MissingField(obj, name, language))
    return missing


def quizzes_of(course):
    from assessments.models import Quiz

    return list(Quiz.objects.filter(course=course).order_by("pk"))


def missing_fields(course, *, with_quizzes=True) -> list[MissingField]:
    """Every field of the course's live pages (and quizzes' titles and introductions) missing in km or lo."""
    missing = missing_in(course_pages(course), page_fields)
    if with_quizzes:
        missing += missing_in(quizzes_of(course), lambda quiz: ["title", "intro"])
    return missing


def languages_from_content(course) -> list[str]:
    """The languages the course's live pages are complete in, in the site's order (English always)."""
    missing = {m.language for m in missing_in(course_pages(course), page_fields)}
    complete = {*[lang for lang in TARGET_LANGUAGES if lang not in missing], SOURCE_LANGUAGE}
    return [code for code, _name in settings.LANGUAGES if code in complete]


def course_of(page) -> CoursePage | None:
    """The course a page belongs to (itself for a course), or None outside the course tree."""
    specific = page.specific_deferred if isinstance(page, Page) else page
    if isinstance(specific, CoursePage):
        return specific
    return CoursePage.objects.filter(
        path__in=[page.path[:n] for n in range(Page.steplen, len(page.path), Page.steplen)]
    ).first()


def refresh_course_languages(course) -> list[str]:
    """Compute the course's languages from its content and store them (the catalogue filters on them)."""
    languages = languages_from_content(course)
    if languages != list(course.languages or []):
        # update(): the stored list is derived, not an edit, so it makes no revision of its own.
        CoursePage.objects.filter(pk=course.pk).update(languages=languages)
        course.languages = languages
    return languages
