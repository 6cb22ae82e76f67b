"""Who may do what with cohorts, their participants, meetings and attendance; registered in wagtail_hooks.py.

Asked as `user.has_perm("cohorts.<action>", obj)` for one object and as
`core.permissions.visible_to(user, "cohorts.<action>", queryset)` for lists, reports and tasks.

- Trainers see and manage only the cohorts they train, and only those cohorts' people.
- HR planners see cohorts held in their scope (country or province); a role assigned without a
  scope reaches nothing. Administrators reach everywhere.
- Cross-border training (decided for finding 10): a cohort held in the planner's scope is theirs
  (fill rates, placing staff, its roster), but people are named to an HR planner only when their
  staff profile is in the planner's scope: a Lao participant of a Cambodian ToT is counted on the
  roster, not named. What graduates did afterwards is shown only where it happened inside the
  planner's scope: graduates from outside are counted but never named, and their sessions,
  provinces and people elsewhere are not shown (see `selectors.cascade_report`). The cohort's
  trainers and administrators see the whole roster.
"""

from django.db.models import Q

from core.permissions import Policy
from people.models import Role
from people.permissions import has_role, is_administrator, scope_for

from .models import AttendanceRecord, Cohort, Meeting, Participation


def trainer_ids(cohort):
    """The cohort's trainers' ids, read once per cohort object."""
    cached = getattr(cohort, "_trainer_ids", None)
    if cached is None:
        cached = frozenset(cohort.trainers.values_list("pk", flat=True))
        cohort._trainer_ids = cached
    return cached


def _signed_in(user):
    return getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


def is_trainer_of(user, cohort):
    return _signed_in(user) and user.pk in trainer_ids(cohort)


def held_in(scope, cohort):
    """The cohort is held in `scope` (its province, or its country for a national one)."""
    if scope.everywhere:
        return True
    if cohort.province_id:
        return scope.covers(country_id=cohort.country_id, province_id=cohort.province_id)
    return cohort.country_id in scope.country_ids


def hr_covers(user, cohort):
    return held_in(scope_for(user, Role.HR_PLANNER), cohort)


def _hr_condition(user):
    """A Q for the cohorts held in the user's HR scope (None: everywhere); a national cohort only for a national scope."""
    scope = scope_for(user, Role.HR_PLANNER)
    if scope.everywhere:
        return None
    condition = Q(pk__in=[])
    if scope.country_ids:
        condition |= Q(country_id__in=scope.country_ids)
    if scope.province_ids:
        condition |= Q(province_id__in=scope.province_ids)
    return condition


def _trained_condition(user):
    return Q(pk__in=Cohort.trainers.through.objects.filter(user_id=user.pk).values("cohort_id"))


def hr_cohorts(user, queryset):
    """Cohorts of `queryset` held in the user's HR scope."""
    condition = _hr_condition(user)
    return queryset if condition is None else queryset.filter(condition)


class CohortPolicy(Policy):
    model = Cohort

    def can_register(self, user, cohort):
        return _signed_in(user) and cohort.enrolment_mode != Cohort.EnrolmentMode.ASSIGNED

    def can_view_mine(self, user, _obj=None):
        return _signed_in(user) and has_role(user, Role.TRAINER)

    def can_view_roster(self, user, cohort):
        """Trainers see only their own cohorts' participants; HR within their scope; administrators all."""
        return _signed_in(user) and (is_administrator(user) or is_trainer_of(user, cohort) or hr_covers(user, cohort))

    def can_take_attendance(self, user, cohort):
        return _signed_in(user) and (is_administrator(user) or is_trainer_of(user, cohort))

    def can_approve(self, user, cohort):
        return self.can_view_roster(user, cohort)

    def can_assign(self, user, cohort):
        return _signed_in(user) and (is_administrator(user) or hr_covers(user, cohort))

    def can_view_fill_rates(self, user, _obj=None):
        return _signed_in(user) and not scope_for(user, Role.HR_PLANNER).is_empty

    def can_view_cascade(self, user, _obj=None):
        return self.can_view_fill_rates(user)

    def can_see_join_links(self, user, cohort):
        """Join links of online meetings: registered participants, the cohort's trainers, administrators."""
        if not _signed_in(user):
            return False
        if is_administrator(user) or is_trainer_of(user, cohort):
            return True
        return Participation.objects.filter(cohort=cohort, person=user, status=Participation.Status.REGISTERED).exists()

    def visible(self, user, queryset, action):
        if action == "view_mine":  # "My cohorts": the ones the user trains, administrators included
            return queryset.filter(_trained_condition(user))
        if action == "take_attendance":
            return queryset if is_administrator(user) else queryset.filter(_trained_condition(user))
        if action in ("view_roster", "approve"):
            hr = _hr_condition(user)
            return queryset if hr is None else queryset.filter(_trained_condition(user) | hr)
        if action in ("assign", "view_fill_rates", "view_cascade"):
            return hr_cohorts(user, queryset)
        return queryset.none()


class ParticipationPolicy(Policy):
    """A cohort's people: the person themself, the cohort's trainers, administrators, and HR planners
    for people whose staff profile is in their scope (a Cambodian planner does not see the names of
    Lao participants of a Cambodian ToT; they are counted on the roster, not named)."""

    model = Participation

    def can_view_participation(self, user, participation):
        if not _signed_in(user):
            return False
        if participation.person_id == user.pk or is_administrator(user):
            return True
        if is_trainer_of(user, participation.cohort):
            return True
        profile = getattr(participation.person, "staff_profile", None)
        scope = scope_for(user, Role.HR_PLANNER)
        return (
            profile is not None
            and hr_covers(user, participation.cohort)
            and scope.covers(country_id=profile.country_id, province_id=profile.province_id)
        )

    def visible(self, user, queryset, action):
        if action != "view_participation":
            return queryset.none()
        if is_administrator(user):
            return queryset
        condition = Q(person_id=user.pk) | Q(cohort__in=Cohort.objects.filter(_trained_condition(user)).values("pk"))
        hr = _hr_condition(user)
        if hr is not None:
            scope = scope_for(user, Role.HR_PLANNER)
            people = Q(pk__in=[])
            if scope.country_ids:
                people |= Q(person__staff_profile__country_id__in=scope.country_ids)
            if scope.province_ids:
                people |= Q(person__staff_profile__province_id__in=scope.province_ids)
            condition |= Q(cohort__in=Cohort.objects.filter(hr).values("pk")) & people
        return queryset.filter(condition)


class MeetingPolicy(Policy):
    model = Meeting

    def can_regenerate_checkin_code(self, user, meeting):
        return CohortPolicy().can_take_attendance(user, meeting.cohort)

    def visible(self, user, queryset, action):
        if action != "regenerate_checkin_code":
            return queryset.none()
        cohorts = CohortPolicy().visible(user, Cohort.objects.all(), "take_attendance")
        return queryset.filter(cohort__in=cohorts.values("pk"))


class AttendanceRecordPolicy(Policy):
    model = AttendanceRecord

    def can_view_attendance(self, user, record):
        return ParticipationPolicy().can_view_participation(user, record.participation)

    def visible(self, user, queryset, action):
        if action != "view_attendance":
            return queryset.none()
        people = ParticipationPolicy().visible(user, Participation.objects.all(), "view_participation")
        return queryset.filter(participation__in=people.values("pk"))


def policies():
    return [CohortPolicy(), ParticipationPolicy(), MeetingPolicy(), AttendanceRecordPolicy()]
