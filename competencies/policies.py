"""Who may read HR figures, staff competencies and staff imports: always the HR planner's scope.

One policy per model, asked through `user.has_perm("competencies.<action>", obj)` and
`core.permissions.visible_to(user, "competencies.<action>", queryset)`; registered in
wagtail_hooks.py. The scope is `people.permissions.scope_for(user, Role.HR_PLANNER)`: a province,
a country, or everywhere for administrators; a planner role granted without a place reaches
no one, so it sees nothing here.
"""

from core.permissions import Policy
from people.models import Role, StaffProfile
from people.permissions import scope_for

from .models import CompetencyRecord, ImportJob


def hr_scope(user):
    """Where `user` plans HR: their provinces, their countries, everywhere for administrators, or nowhere."""
    return scope_for(user, Role.HR_PLANNER)


class StaffPolicy(Policy):
    """The HR pages read staff: the dashboard's figures, one person's competencies, imports."""

    model = StaffProfile
    app_label = "competencies"

    def can_view_dashboard(self, user, obj=None):
        return not hr_scope(user).is_empty

    def can_view_person(self, user, profile):
        return profile is not None and hr_scope(user).covers(
            country_id=profile.country_id, province_id=profile.province_id
        )

    def can_assess(self, user, profile):
        return self.can_view_person(user, profile)

    def can_import_staff(self, user, obj=None):
        return not hr_scope(user).is_empty

    def visible(self, user, queryset, action):
        if action not in ("view_person", "assess"):
            return queryset.none()
        return hr_scope(user).filter(queryset)


class CompetencyRecordPolicy(Policy):
    model = CompetencyRecord

    def can_view_record(self, user, record):
        profile = getattr(record.person, "staff_profile", None) if record is not None else None
        return StaffPolicy().can_view_person(user, profile)

    def visible(self, user, queryset, action):
        return hr_scope(user).filter(
            queryset, country_field="person__staff_profile__country", province_field="person__staff_profile__province"
        )


class ImportJobPolicy(Policy):
    """An import's progress and result: its importer, and planners whose scope covers the importer's."""

    model = ImportJob

    def can_view_import_job(self, user, job):
        if job is None or not getattr(user, "is_authenticated", False):
            return False
        if job.created_by_id == user.pk:
            return not hr_scope(user).is_empty
        return _covers(hr_scope(user), hr_scope(job.created_by))

    def visible(self, user, queryset, action):
        mine = hr_scope(user)
        if mine.is_empty:
            return queryset.none()
        if mine.everywhere:
            return queryset
        jobs = list(queryset.select_related("created_by"))
        return queryset.filter(pk__in=[job.pk for job in jobs if self.can_view_import_job(user, job)])


def _covers(outer, inner):
    """Whether scope `outer` reaches everywhere `inner` does (an empty inner scope is covered by no one)."""
    if outer.everywhere:
        return True
    if inner.everywhere or inner.is_empty:
        return False
    if not inner.country_ids <= outer.country_ids:
        return False
    from people.models import Province

    uncovered = inner.province_ids - set(outer.province_ids)
    if not uncovered:
        return True
    return not Province.objects.filter(pk__in=uncovered).exclude(country_id__in=outer.country_ids).exists()
