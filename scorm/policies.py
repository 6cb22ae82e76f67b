"""Who may upload, preview, open and read the scores of SCORM packages: the scorm policies.

Asked as `user.has_perm("scorm.<action>", obj)` and, for rows, as
`core.permissions.visible_to(user, "scorm.read_scores", ScormAttempt queryset)`.

- Content editors and administrators upload, preview and open every package.
- A learner opens a package's files only through an attempt of their own (made when they launch
  it from a lesson of a course they are enrolled in); an attempt is its learner's alone.
- Scores: administrators read all; HR planners read learners whose staff profile is in their
  scope (a role without a scope reads nothing); trainers read the learners that cohorts says they
  train. Trainers' learners come from a Wagtail hook, as in assessments (cohorts sits above us):
  every function registered under `scorm_learners_visible_to_trainer`, or under assessments'
  `assessments_learners_visible_to_trainer` (the same contract, already answered by cohorts),
  is called as `fn(user)` and returns an unevaluated QuerySet of `courses.Enrolment` (or None).
"""

from __future__ import annotations

from django.db.models import Q
from wagtail import hooks

from core.permissions import Policy
from courses.models import Enrolment
from people.models import Role
from people.permissions import can_edit_content, has_role, is_administrator, scope_for

from .models import ScormAttempt, ScormPackage

TRAINER_HOOKS = ("scorm_learners_visible_to_trainer", "assessments_learners_visible_to_trainer")
SCORE_ROLES = (Role.TRAINER, Role.HR_PLANNER)


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class ScormPackagePolicy(Policy):
    model = ScormPackage

    def can_upload(self, user, package=None):
        return _authenticated(user) and can_edit_content(user)

    def can_preview(self, user, package=None):
        """Editors open a package in a lesson without enrolling; nothing is recorded."""
        return self.can_upload(user, package)

    def can_open_content(self, user, package=None):
        """The package's files: editors, or a learner who launched it from their own enrolment."""
        if not _authenticated(user):
            return False
        if self.can_preview(user, package):
            return True
        if package is None:
            return False
        return ScormAttempt.objects.filter(
            learner=user, package=package, lesson__live=True, enrolment__learner=user
        ).exists()

    def visible(self, user, queryset, action):
        if action in ("upload", "preview") and self.can_upload(user):
            return queryset
        if action == "open_content" and _authenticated(user):
            if self.can_preview(user):
                return queryset
            return queryset.filter(attempts__learner=user).distinct()
        return queryset.none()


class ScormAttemptPolicy(Policy):
    model = ScormAttempt

    def can_commit(self, user, attempt):
        return _authenticated(user) and attempt is not None and attempt.learner_id == user.pk

    def can_read_scores(self, user, attempt=None):
        if not (_authenticated(user) and any(has_role(user, role) for role in SCORE_ROLES)):
            return False
        if attempt is None:
            return True
        return self.visible(user, ScormAttempt.objects.filter(pk=attempt.pk), "read_scores").exists()

    def visible(self, user, queryset, action):
        if action == "commit":
            return queryset.filter(learner_id=user.pk)
        if action != "read_scores" or not self.can_read_scores(user):
            return queryset.none()
        if is_administrator(user):
            return queryset
        condition = Q(pk__in=[])
        scope = scope_for(user, Role.HR_PLANNER)
        if scope.country_ids:
            condition |= Q(learner__staff_profile__country_id__in=scope.country_ids)
        if scope.province_ids:
            condition |= Q(learner__staff_profile__province_id__in=scope.province_ids)
        if has_role(user, Role.TRAINER):
            for name in TRAINER_HOOKS:
                for answer in hooks.get_hooks(name):
                    enrolments = answer(user)
                    if enrolments is not None:
                        condition |= Q(enrolment__in=Enrolment.objects.filter(pk__in=enrolments.values("pk")))
        return queryset.filter(condition)
