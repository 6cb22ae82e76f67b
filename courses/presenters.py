"""HTML that is the same for every learner, rendered once and kept in the shared cache.

The course outline (every module and lesson with its link) and a lesson's body are rendered per
course or lesson, language and tree version (courses.caching.TREE: publishing bumps it), so a
page of a 200-lesson course does not render 200 template fragments per request. What belongs
to one learner (a ✓ per lesson done, a progress bar per module) is left in the cached HTML as a
marker and filled in by one regular-expression pass, which costs microseconds per lesson.

Each `*_wanted` function returns (cache key parts, build) so that a view fetches everything it
needs in one round trip (`caching.get_many_or_build`).
"""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

_MARK = re.compile("\x1e([PDX]):(\\d+)\x1e")


def _mark(kind, pk):
    return f"\x1e{kind}:{pk}\x1e"


def outline_html_wanted(course_path, *, enrolled, tree_of):
    """The course page's list of modules and lessons, with markers where a learner's progress goes."""

    def render():
        tree = tree_of()
        modules = [
            {
                "node": module,
                "lessons": [(lesson, _mark("X", lesson.pk)) for lesson in lessons],
                "percent": _mark("P", module.pk),
                "done": _mark("D", module.pk),
                "total": len(lessons),
            }
            for module, lessons in tree.modules
        ]
        return render_to_string("courses/includes/outline.html", {"modules": modules, "enrolled": enrolled})

    return ("outline-html", course_path, get_language(), enrolled), render


def fill_outline(html, outline):
    """The cached outline HTML with this learner's ✓ marks and module progress filled in."""
    done_mark = ' <span class="done" aria-label="{}">✓</span>'.format(gettext("completed"))
    done_by_module = {}
    for module, lessons in outline.tree.modules:
        done = sum(1 for lesson in lessons if lesson.pk in outline.done_ids)
        done_by_module[module.pk] = (done, round(100 * done / len(lessons)) if lessons else 0)

    def fill(match):
        kind, pk = match.group(1), int(match.group(2))
        if kind == "X":
            return done_mark if pk in outline.done_ids else ""
        done, percent = done_by_module.get(pk, (0, 0))
        return str(done if kind == "D" else percent)

    return mark_safe(_MARK.sub(fill, html))


def lesson_body_wanted(lesson, request=None):
    """((cache key parts, build), is the English fallback shown) for a lesson's body in the active language."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    body = getattr(lesson, f"body_{language}", None)
    is_fallback = language != source and (body is None or len(body.raw_data) == 0)
    if is_fallback:
        body = getattr(lesson, f"body_{source}", None)
    if body is None:
        body = lesson.body

    def render():
        return render_to_string("courses/includes/lesson_body.html", {"body": body, "page": lesson}, request)

    parts = ("lesson-body", lesson.pk, lesson.live_revision_id, language, is_fallback)
    return (parts, render), is_fallback


def course_cards_wanted(courses, request=None):
    """(cache key parts, build) of {course id: HTML of its catalogue card's head} for every course.

    The title and link, tier, hours, languages and summary are the same for every learner: the
    catalogue renders them once per language and tree version, then adds each learner's status.
    """

    def render():
        return {
            course.pk: render_to_string(
                "courses/includes/course_card_head.html", {"course": course, "url": course.get_url(request)}
            )
            for course in courses().values()
        }

    return ("course-cards", get_language()), render
