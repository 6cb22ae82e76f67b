"""The HR training report as tables (shown and exported the same way, competencies.tables)."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from competencies.tables import Cell, Table
from people.models import Sex

from . import selectors

SEX_KEYS = ("female", "male", "total")


def _percent_cell(share):
    if share is None:
        return Cell(None)
    value = round(100 * share, 1)
    return Cell(value, label=f"{number_format(value, 1)}%")


def _state_labels():
    return {
        "assigned": _("Assigned"),
        "done": _("Done"),
        "due_soon": _("Due soon"),
        "overdue": _("Overdue"),
    }


def _sex_label(key):
    return {"female": Sex.FEMALE.label, "male": Sex.MALE.label}.get(key, _("Total"))


def report_tables(scope, filters, *, by="province"):
    total, groups, disability = selectors.training_figures(scope, filters, by=by)
    labels = _state_labels()

    summary = Table(
        "summary",
        _("Mandatory training by sex"),
        [_("Figure"), Sex.FEMALE.label, Sex.MALE.label, _("Total"), _("With a disability")],
        sexed_columns={1: "female", 2: "male"},
    )
    for state, label in labels.items():
        summary.add(label, *(total.counts[state][key] for key in SEX_KEYS), disability.counts[state]["total"])
    summary.add(
        _("Done (%)"),
        *(_percent_cell(total.share_done(key)) for key in SEX_KEYS),
        _percent_cell(disability.share_done()),
    )

    group_label = _("Office") if by == "office" else _("Province")
    by_group = Table(
        "groups",
        _("Mandatory training by office") if by == "office" else _("Mandatory training by province"),
        [group_label, _("Sex"), *labels.values(), _("Done (%)")],
    )
    for group in groups:
        for key in SEX_KEYS:
            by_group.add(
                group.name or _("Not stated"),
                _sex_label(key),
                *(group.counts[state][key] for state in labels),
                _percent_cell(group.share_done(key)),
                sex=None if key == "total" else key,
            )
    return {"summary": summary.keep_sex(filters.sex), "groups": by_group.keep_sex(filters.sex), "total": total}


def overdue_table(assignments, *, on=None):
    on = on or selectors.today()
    table = Table(
        "overdue",
        _("Overdue training"),
        [_("Name"), _("Province"), _("Office"), _("Training"), _("Due date"), _("Days overdue")],
    )
    for assignment in assignments:
        profile = assignment.learner.staff_profile
        training = assignment.course.title if assignment.course_id else assignment.cohort.title
        table.add(
            profile.display_name,
            profile.province.name,
            profile.office.name if profile.office else "",
            training,
            Cell(assignment.due_date.isoformat(), label=_date(assignment.due_date)),
            (on - assignment.due_date).days,
        )
    return table


def _date(value):
    from django.utils.formats import date_format

    return date_format(value, "SHORT_DATE_FORMAT")
