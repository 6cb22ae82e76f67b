"""Who may do what with certificates: the policies behind `user.has_perm("certificates.…", obj)`.

- IssuedCertificatePolicy: the holder downloads their own; HR planners read, list and export the
  certificates of staff in their scope (a role without a scope reaches no one); a cohort's trainers
  (and HR planners covering the cohort) download its registered participants' certificates; a
  revoked PDF stays downloadable only for HR planners (holder in scope) and administrators;
  administrators manage (re-issue, revoke, review).
- CohortCertificatesPolicy: the cohort pages of this app, built on the cohorts app's own roster
  permission ("cohorts.view_roster"); issuing for a cohort or a course is for its trainers and
  administrators.
Registered in wagtail_hooks.py; superusers get True from Django itself.
"""

from django.db.models import Q

from core.permissions import Policy
from people.models import Role
from people.permissions import has_role, is_administrator, scope_for

from .models import IssuedCertificate

HOLDER_COUNTRY = "holder__staff_profile__country"
HOLDER_PROVINCE = "holder__staff_profile__province"


def _signed_in(user):
    return getattr(user, "is_authenticated", False) and getattr(user, "is_active", True)


def _hr_scope(user):
    return scope_for(user, Role.HR_PLANNER)


def _holder_in_hr_scope(user, certificate):
    profile = getattr(certificate.holder, "staff_profile", None)
    if profile is None:
        return False
    return _hr_scope(user).covers(country_id=profile.country_id, province_id=profile.province_id)


def may_view_roster(user, cohort):
    """The cohorts app's roster permission (its trainers, HR in scope, administrators)."""
    return user.has_perm("cohorts.view_roster", cohort)


def _trains(user, cohort):
    """Whether the user is one of the cohort's trainers (reads prefetched trainers when there)."""
    return _signed_in(user) and any(t.pk == user.pk for t in cohort.trainers.all())


def _in_a_cohort_they_see(user, certificate):
    """The holder took the course in a cohort whose certificates the user may see."""
    from cohorts.models import Cohort, Participation
    from cohorts.selectors import attach_trainer_ids

    cohorts = Cohort.objects.filter(
        participations__enrolment_id=certificate.enrolment_id,
        participations__status=Participation.Status.REGISTERED,
    ).prefetch_related("trainers")
    return any(may_view_roster(user, attach_trainer_ids(cohort)) for cohort in cohorts)


class IssuedCertificatePolicy(Policy):
    model = IssuedCertificate

    def can_download(self, user, certificate):
        if not _signed_in(user) or certificate is None:
            return False
        return (
            certificate.holder_id == user.pk
            or is_administrator(user)
            or _holder_in_hr_scope(user, certificate)
            or _in_a_cohort_they_see(user, certificate)
        )

    def can_download_revoked(self, user, certificate):
        """A revoked PDF stays in the record for HR planners (holder in scope) and administrators only."""
        if not _signed_in(user) or certificate is None:
            return False
        return is_administrator(user) or _holder_in_hr_scope(user, certificate)

    def can_list(self, user, _obj=None):
        """The HR list and its exports: HR planners with a scope, administrators."""
        return _signed_in(user) and not _hr_scope(user).is_empty

    def can_manage(self, user, _certificate=None):
        """Re-issue, revoke, clear a review flag: serious acts on an official record, administrators only."""
        return is_administrator(user)

    def visible(self, user, queryset, action):
        if action in ("list", "download_revoked"):
            return _hr_scope(user).filter(queryset, country_field=HOLDER_COUNTRY, province_field=HOLDER_PROVINCE)
        if action == "download":
            scope = _hr_scope(user)
            if scope.everywhere:
                return queryset
            mine = Q(holder_id=user.pk)
            if scope.is_empty:
                return queryset.filter(mine)
            in_scope = scope.filter(
                IssuedCertificate.objects.all(), country_field=HOLDER_COUNTRY, province_field=HOLDER_PROVINCE
            )
            return queryset.filter(mine | Q(pk__in=in_scope.values("pk")))
        if action == "manage":
            return queryset if is_administrator(user) else queryset.none()
        return queryset.none()


class CohortCertificatesPolicy(Policy):
    """Pages of this app about cohorts and courses (the objects belong to cohorts and courses)."""

    app_label = "certificates"

    def can_view_cohorts(self, user, _obj=None):
        """The "Certificates of my cohorts" page: trainers, HR planners with a scope and administrators."""
        return _signed_in(user) and (has_role(user, Role.TRAINER) or not _hr_scope(user).is_empty)

    def can_view_cohort(self, user, cohort):
        """A cohort's certificates are seen by whoever may see its roster (cohorts' permission)."""
        return _signed_in(user) and cohort is not None and may_view_roster(user, cohort)

    def can_issue_for_cohort(self, user, cohort):
        """Issuing for a whole cohort: its trainers and administrators (not HR planners)."""
        return _signed_in(user) and cohort is not None and (is_administrator(user) or _trains(user, cohort))

    def can_issue_for_course(self, user, course=None):
        """Administrators for any course; a trainer only for a course they train a cohort of.

        Without a course: whether the user may issue for some course (to show the page and its link).
        """
        if not _signed_in(user):
            return False
        if is_administrator(user):
            return True
        if not has_role(user, Role.TRAINER):
            return False
        from cohorts.models import Cohort

        cohorts = Cohort.objects.trained_by(user)
        if course is not None:
            cohorts = cohorts.filter(course=course)
        return cohorts.exists()
