"""The results of one course as a table for core.exports: the same figures and the same anonymity
rules as the page (a view too small to show exports its reason, not its figures)."""

from django.utils.translation import gettext as _

from core.exports import Export
from people.models import Role
from people.permissions import is_administrator, scope_for

from .models import Question


def _scope_words(user):
    if is_administrator(user):
        return _("Everywhere")
    scope = scope_for(user, Role.HR_PLANNER)
    if not scope.is_empty:
        from people.models import Country, Province

        names = [str(c) for c in Country.objects.filter(pk__in=scope.country_ids)]
        names += [str(p) for p in Province.objects.filter(pk__in=scope.province_ids)]
        return ", ".join(names)
    return _("Your cohorts")


def _rows(figures):
    if not figures.verdict.shown:
        yield [_("Not shown"), "", "", figures.verdict.reason, ""]
        return
    yield [_("All answers"), "", _("Answers"), "", figures.count]
    for result in figures.questions:
        question = result.question
        if question.kind == Question.Kind.RATING:
            yield [question.text, "", _("Average (1 to 5)"), "", result.average]
        for bar in result.bars:
            yield [question.text, "", bar.label, bar.percent, bar.count]
        for text in result.texts:
            yield [question.text, "", _("Answer in words"), text, ""]
    for breakdown in figures.breakdowns:
        for row in breakdown.rows:
            if not row.shown:
                yield [
                    breakdown.title,
                    row.label,
                    _("Not shown"),
                    _("Too few answers in this group"),
                    "",
                ]  # no count either
                continue
            yield [breakdown.title, row.label, _("Answers"), "", row.count]
            for question, average in zip(figures.rating_questions, row.averages, strict=True):
                yield [breakdown.title, row.label, question.text, _("Average (1 to 5)"), average]


def results_export(user, filters, figures):
    return Export(
        key="course-evaluation",
        title=_("Course evaluation: %(course)s") % {"course": filters.course.title},
        columns=[_("Question or group"), _("Group"), _("Answer"), _("Share in percent, or note"), _("Number")],
        rows=list(_rows(figures)),
        scope=_scope_words(user),
        scope_slug=f"course-{filters.course.pk}",
        filters=filters.described(),
    )
