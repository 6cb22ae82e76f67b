"""Dashboard panels that read apps being built in parallel: certificates, assessments, cohorts.

EXTENSION POINT. Those apps are not in this branch yet, so each panel below looks for its model and
returns None (nothing shown) while it is missing. After the merge, fill in the aggregate query of
each panel: one or two queries, disaggregated by sex, limited to `staff_for(scope, filters)`, with
drill-down links through `links.people(...)`. Nothing here is imported by those apps: competencies
reads them, never the other way round.
"""

from django.apps import apps

from .dashboards import dashboard_panel


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
    """Upcoming cohorts in the planner's area with seats, registrations and fill rate (cohorts.Cohort)."""
    if _model("cohorts", "Cohort") is None:
        return None
    return None  # to be written once the cohorts models are merged
