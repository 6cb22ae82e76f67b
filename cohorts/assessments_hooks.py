"""Cohorts' answer to assessments' hook: whose quiz results a trainer may read.

assessments sits below cohorts and cannot ask who trains whom, so it defines the hook
`assessments_learners_visible_to_trainer` (see assessments/policies.py for the contract) and this
module answers it: the enrolments of the people taking part in the cohorts the user trains
(a participant reaches the course through Participation → Enrolment; withdrawn people are left out).
The queryset is returned unevaluated; assessments uses it as a subquery.
"""

from wagtail import hooks

from courses.models import Enrolment

from .models import Participation


@hooks.register("assessments_learners_visible_to_trainer")
def enrolments_of_trained_cohorts(user):
    if not getattr(user, "is_authenticated", False):
        return None
    participations = Participation.objects.filter(cohort__trainers=user).exclude(status=Participation.Status.WITHDRAWN)
    return Enrolment.objects.filter(pk__in=participations.values("enrolment_id"))
