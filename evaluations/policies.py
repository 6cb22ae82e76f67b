"""Who may answer a survey and who may read evaluation results; registered in wagtail_hooks.py.

Asked as `user.has_perm("evaluations.<action>", obj)` and, for rows,
`core.permissions.visible_to(user, "evaluations.view_results", Response.objects...)`.

- A learner answers for a course they have completed (their own enrolment).
- Trainers read the responses of the cohorts they train, and nothing else (not self-paced courses).
- HR planners read the responses of respondents in their scope (the respondent's province or
  country, as kept on the response); a role without a scope reaches no one.
- Administrators read everything.
Reading is further limited by the anonymity rules (anonymity.py): a visible group too small to
show is counted, not shown.
"""

from django.db.models import Q

from cohorts.models import Cohort
from cohorts.policies import hr_covers, is_trainer_of
from core.permissions import Policy
from courses.models import Enrolment
from people.models import Role
from people.permissions import is_administrator, scope_for

from .models import Response


def _signed_in(user):
    return getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


def _trained_cohorts(user):
    return Cohort.trainers.through.objects.filter(user_id=user.pk).values("cohort_id")


def results_condition(user):
    """A Q for the responses `user` may read (None: all of them)."""
    if is_administrator(user):
        return None
    condition = Q(cohort_id__in=_trained_cohorts(user))
    scope = scope_for(user, Role.HR_PLANNER)
    if scope.country_ids:
        condition |= Q(country_id__in=scope.country_ids)
    if scope.province_ids:
        condition |= Q(province_id__in=scope.province_ids)
    return condition


class ResponsePolicy(Policy):
    model = Response

    def can_answer(self, user, enrolment):
        """A learner answers for their own completed enrolment, once (the service keeps it once)."""
        return (
            _signed_in(user)
            and isinstance(enrolment, Enrolment)
            and enrolment.learner_id == user.pk
            and enrolment.completed_at is not None
        )

    def accepts(self, obj):
        return obj is None or isinstance(obj, Response | Enrolment)

    def can_view_results(self, user, _obj=None):
        """The results pages: administrators, trainers of a cohort, HR planners with a scope."""
        if not _signed_in(user):
            return False
        if is_administrator(user) or not scope_for(user, Role.HR_PLANNER).is_empty:
            return True
        return Cohort.trainers.through.objects.filter(user_id=user.pk).exists()

    def visible(self, user, queryset, action):
        if action != "view_results" or not _signed_in(user):
            return queryset.none()
        condition = results_condition(user)
        return queryset if condition is None else queryset.filter(condition)


class CohortResultsPolicy(Policy):
    """The link from a cohort's page to its evaluation results: its trainers, HR where it is held."""

    model = Cohort
    app_label = "evaluations"

    def can_view_cohort_results(self, user, cohort):
        return (
            _signed_in(user)
            and cohort is not None
            and (is_administrator(user) or is_trainer_of(user, cohort) or hr_covers(user, cohort))
        )


def policies():
    return [ResponsePolicy(), CohortResultsPolicy()]
