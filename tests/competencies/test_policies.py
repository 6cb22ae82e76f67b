"""The competencies policies: HR scope decides, a role without a place sees nothing, jobs follow their importer."""

import uuid

import pytest

from competencies.models import ImportJob
from core.permissions import visible_to
from people.models import Role, StaffProfile
from people.services import grant_role

from ..factories import make_staff
from .helpers import planner

pytestmark = pytest.mark.django_db


def test_hr_scope_decides_who_sees_a_person():
    khmer = make_staff(country="KH", province="KH-12").staff_profile
    lao = make_staff(country="LA", province="LA-SV").staff_profile
    provincial = planner(country="KH", province="KH-12")
    national = planner(country="LA")
    assert provincial.has_perm("competencies.view_person", khmer)
    assert not provincial.has_perm("competencies.view_person", lao)
    assert national.has_perm("competencies.assess", lao) and not national.has_perm("competencies.assess", khmer)
    everyone = StaffProfile.objects.all()
    assert set(visible_to(national, "competencies.view_person", everyone)) == set(everyone.filter(country__code="LA"))


def test_a_role_without_a_place_and_a_learner_see_nothing():
    unscoped = make_staff(country="KH")
    grant_role(user=unscoped, role=Role.HR_PLANNER)
    learner = make_staff(country="KH")
    for user in (unscoped, learner):
        assert not user.has_perm("competencies.view_dashboard")
        assert not user.has_perm("competencies.import_staff")
        assert not visible_to(user, "competencies.view_person", StaffProfile.objects.all()).exists()


def test_an_import_job_is_seen_by_its_importer_and_planners_covering_their_area():
    importer = planner(country="KH", province="KH-12")
    job = ImportJob.objects.create(public_id=uuid.uuid4(), created_by=importer, file_name="a.csv")
    national = planner(country="KH")
    other_province = planner(country="KH", province="KH-17")
    lao = planner(country="LA")
    assert importer.has_perm("competencies.view_import_job", job)
    assert national.has_perm("competencies.view_import_job", job)
    assert not other_province.has_perm("competencies.view_import_job", job)
    assert not lao.has_perm("competencies.view_import_job", job)
    jobs = ImportJob.objects.all()
    assert list(visible_to(national, "competencies.view_import_job", jobs)) == [job]
    assert not visible_to(lao, "competencies.view_import_job", jobs).exists()
    # An importer who lost the planner role no longer sees even their own job.
    from people.models import RoleAssignment
    from people.permissions import forget_roles

    RoleAssignment.objects.filter(user=importer).delete()
    forget_roles(importer)
    assert not importer.has_perm("competencies.view_import_job", job)
