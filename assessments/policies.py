"""Who may take, review, read the figures of and regrade quizzes: the assessments policies.

Asked as `user.has_perm("assessments.<action>", obj)` and, for rows, as
`core.permissions.visible_to(user, "assessments.<action>", queryset)`.

Whose results a trainer may read is not known here: trainers work in cohorts, and cohorts sits
above assessments. So assessments defines a Wagtail hook, and cohorts answers it:

    LEARNERS_VISIBLE_TO_TRAINER = "assessments_learners_visible_to_trainer"

Contract: every function registered under that name is called as `fn(user)` and returns a
QuerySet of `courses.Enrolment` (or None): the enrolments of the learners in cohorts that `user`
trains. It must not evaluate the queryset: it becomes a subquery, so a page's query count does
not depend on it. A result is visible to the trainer when its learner has one of those enrolments
in the quiz's own course. With no function registered, a trainer sees no one's results.

HR planners see learners whose staff profile lies in their scope (country or province); a role
without a scope sees nothing. Administrators see everything. Attempts are their learner's alone.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail import hooks

from core.permissions import Policy
from courses.models import Enrolment
from people.models import Role
from people.permissions import can_edit_content, has_role, is_administrator, scope_for

from .models import Attempt, Question, Quiz

LEARNERS_VISIBLE_TO_TRAINER = "assessments_learners_visible_to_trainer"
FIGURE_ROLES = (Role.TRAINER, Role.HR_PLANNER)


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def trainer_enrolments(user) -> list[QuerySet]:
    """The unevaluated Enrolment querysets the cohorts side gives for this trainer."""
    found = []
    for answer in hooks.get_hooks(LEARNERS_VISIBLE_TO_TRAINER):
        queryset = answer(user)
        if queryset is not None:
            found.append(queryset)
    return found


def results_condition(user, *, learner="learner", course="quiz__course") -> Q | None:
    """A filter for rows about learners' quiz results that `user` may read; None means every row.

    `learner` and `course` are the lookups from the filtered model to the learner and the course.
    """
    if is_administrator(user):
        return None
    condition = Q(pk__in=[])
    hr_scope = scope_for(user, Role.HR_PLANNER)
    if hr_scope.country_ids:
        condition |= Q(**{f"{learner}__staff_profile__country_id__in": hr_scope.country_ids})
    if hr_scope.province_ids:
        condition |= Q(**{f"{learner}__staff_profile__province_id__in": hr_scope.province_ids})
    if has_role(user, Role.TRAINER):
        for enrolments in trainer_enrolments(user):
            condition |= Exists(
                Enrolment.objects.filter(
                    pk__in=enrolments.values("pk"),
                    learner_id=OuterRef(f"{learner}_id"),
                    course_id=OuterRef(f"{course}_id"),
                )
            )
    return condition


class QuizPolicy(Policy):
    model = Quiz

    def can_take(self, user, quiz=None):
        """Signed-in staff open live quizzes; the service checks the enrolment when they start."""
        return _authenticated(user) and (quiz is None or quiz.live)

    def can_view_figures(self, user, quiz=None):
        """Administrators, HR planners with a scope, and trainers of a cohort of the quiz's course open
        its figures pages (without a quiz: whether they may open some); rows follow `results_condition`."""
        if not _authenticated(user):
            return False
        if is_administrator(user) or not scope_for(user, Role.HR_PLANNER).is_empty:
            return True
        if not has_role(user, Role.TRAINER):
            return False
        if quiz is None:
            return True
        # A trainer with no cohort of this course has nobody's results here: the page stays closed.
        return any(enrolments.filter(course_id=quiz.course_id).exists() for enrolments in trainer_enrolments(user))

    def visible(self, user, queryset, action):
        if action == "take":
            return queryset.filter(live=True)
        if action == "view_figures" and self.can_view_figures(user):
            return queryset
        return queryset.none()


class QuizAttemptPolicy(Policy):
    model = Attempt

    def can_answer_attempt(self, user, attempt):
        """Only the learner who started an attempt answers, submits or reviews it."""
        return _authenticated(user) and attempt is not None and attempt.learner_id == user.pk

    def can_read_results(self, user, attempt=None):
        """Figures: the attempt's learner is one the user may read results of (see the module docstring)."""
        if not QuizPolicy().can_view_figures(user):
            return False
        if attempt is None:
            return True
        return self.visible(user, Attempt.objects.filter(pk=attempt.pk), "read_results").exists()

    def visible(self, user, queryset, action):
        if action == "answer_attempt":
            return queryset.filter(learner_id=user.pk)
        if action == "read_results":
            if not QuizPolicy().can_view_figures(user):
                return queryset.none()
            condition = results_condition(user)
            return queryset if condition is None else queryset.filter(condition)
        return queryset.none()


class QuestionPolicy(Policy):
    model = Question

    def can_regrade(self, user, question=None):
        return _authenticated(user) and can_edit_content(user)

    def visible(self, user, queryset, action):
        return queryset if action == "regrade" and self.can_regrade(user) else queryset.none()
