"""Dashboard panels that read the apps above competencies: certificates, assessments, cohorts.

EXTENSION POINT. Cohorts is merged and its panel is written (reads in live_training.py). Certificates
and assessments are not in this branch yet, so their panels look for their model and return None
(nothing shown) while it is missing. After the merge, fill in the aggregate query of
each panel: one or two queries, disaggregated by sex, limited to `staff_for(scope, filters)`, with
drill-down links through `links.people(...)`. Nothing here is imported by those apps: competencies
reads them, never the other way round.
"""

from django.apps import apps
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from . import live_training
from .dashboards import dashboard_panel
from .selectors import staff_for
from .tables import Cell, Table


def _model(app_label, name):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


@dashboard_panel("certificates_issued")
def certificates_issued(scope, filters, links):
    """Certificates issued in the period, by sex (certificates.IssuedCertificate, holder's staff profile)."""
    if _model("certificates", "IssuedCertificate") is None:
        return None
    return None  # to be written once the certificates model is merged


@dashboard_panel("knowledge_gain")
def knowledge_gain(scope, filters, links):
    """Average post-test minus pre-test score, by sex (assessments' pre/post attempts)."""
    if _model("assessments", "QuizAttempt") is None:
        return None
    return None  # to be written once the assessments models are merged


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
