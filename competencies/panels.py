"""Dashboard panels that read the apps above competencies: certificates, assessments, cohorts.

Each panel is a fixed number of aggregate queries (reads in results.py and live_training.py),
disaggregated by sex, limited to `staff_for(scope, filters)`, with drill-down links through
`links.people(...)`. Nothing here is imported by those apps: competencies reads them, never the
other way round.
"""

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from courses.models import Tier
from people.models import Sex

from . import live_training, results
from .dashboards import dashboard_panel
from .selectors import staff_for
from .tables import Cell, Table


@dashboard_panel("certificates_issued")
def certificates_issued(scope, filters, links):
    """Valid certificates issued in the period by tier and sex, revoked ones apart. One query; see results."""
    figures, total = results.certificate_figures(staff_for(scope, filters), filters)
    table = Table(
        "certificates_issued",
        _("Certificates issued"),
        [_("Tier"), Sex.FEMALE.label, Sex.MALE.label, _("Total"), _("Revoked (not counted)")],
        sexed_columns={1: "female", 2: "male"},
        caption=_(
            "Valid certificates issued in the period to the staff matching the filters. "
            "Certificates issued in the period and later revoked are shown apart."
        ),
    )

    def row(label, counts, tier=""):
        table.add(
            Cell(label),
            *(
                Cell(
                    counts["valid"][key],
                    href=links.people(metric="certificates", tier=tier, sex="" if key == "total" else key),
                )
                for key in ("female", "male", "total")
            ),
            Cell(counts["revoked"]["total"]),
        )

    for tier in Tier:
        row(tier.label, figures[tier.value], tier.value)
    row(_("Total"), total)
    return table


@dashboard_panel("knowledge_gain")
def knowledge_gain(scope, filters, links):
    """Average pre-test, post-test and gain by sex, per course with both tests. Two queries; see results."""
    courses, total = results.gain_figures(staff_for(scope, filters), filters)
    table = Table(
        "knowledge_gain",
        _("Average knowledge gain"),
        [_("Course"), _("Sex"), _("People"), _("Pre-test (%)"), _("Post-test (%)"), _("Gain (points)")],
        caption=_(
            "Staff matching the filters who took both the pre-test and the post-test of a course, "
            "the post-test in the period. Gain is the post-test score minus the pre-test score."
        ),
    )
    labels = {"female": Sex.FEMALE.label, "male": Sex.MALE.label, "total": _("Total")}

    def rows(title, averages, course_id=""):
        for key in ("female", "male", "total"):
            pre, post, gain = averages.average(key)
            table.add(
                Cell(title),
                Cell(labels[key], css="text"),
                Cell(
                    averages.people[key],
                    href=links.people(metric="gain", course=course_id, sex="" if key == "total" else key),
                ),
                *(Cell(value, label="" if value is None else number_format(value, 1)) for value in (pre, post, gain)),
                sex=None if key == "total" else key,
            )

    for course, averages in courses:
        rows(course.title, averages, course.pk)
    if courses:
        rows(_("All courses"), total)
    return table


@dashboard_panel("upcoming_cohorts")
def upcoming_cohorts(scope, filters, links):
    """Upcoming cohorts in the planner's area with places, registrations by sex, waiting list and fill rate.

    Two queries (cohorts with their counts, registrations of the filtered staff by sex); see live_training.
    """
    figures, total = live_training.cohort_figures(
        live_training.upcoming_cohorts(scope, filters), staff_for(scope, filters)
    )
    table = Table(
        "upcoming_cohorts",
        _("Upcoming cohorts and fill rates"),
        [
            _("Cohort"),
            _("Tier"),
            _("Starts"),
            _("Place"),
            _("Places"),
            _("Places taken"),
            _("Fill rate (%)"),
            _("Waiting list"),
            _("Registered: female"),
            _("Registered: male"),
            _("Registered: total"),
        ],
        sexed_columns={8: "female", 9: "male"},
        caption=_(
            "Cohorts held in your area that have not ended (and run during the period, if you chose one). "
            "Places taken, fill rate and waiting list count everyone in the cohort; the registrations by sex "
            "count the staff matching the filters and link to them."
        ),
    )

    def registered(item, public_id=""):
        return [
            Cell(
                item.registered[key],
                href=links.people(metric="registered", cohort=public_id, sex="" if key == "total" else key),
            )
            for key in ("female", "male", "total")
        ]

    def fill(item):
        rate = item.fill_rate
        return Cell(rate, label="" if rate is None else f"{number_format(rate, 1)}%")

    for item in figures:
        cohort = item.cohort
        table.add(
            Cell(cohort.title, href=reverse("cohorts:detail", args=[cohort.public_id])),
            Cell(cohort.get_kind_display(), css="text"),
            Cell(cohort.start_date, css="text", label=date_format(cohort.start_date, "SHORT_DATE_FORMAT")),
            Cell((cohort.province or cohort.country).name, css="text"),
            Cell(item.capacity),
            Cell(item.taken),
            fill(item),
            Cell(item.waiting),
            *registered(item, cohort.public_id),
        )
    if figures:
        table.add(
            Cell(_("Total")),
            Cell(""),
            Cell(""),
            Cell(""),
            Cell(total.capacity),
            Cell(total.taken),
            fill(total),
            Cell(total.waiting),
            *registered(total),
        )
    return table
