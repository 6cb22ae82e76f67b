"""The people policies answer through has_perm and visible_to; the admin staff list asks them."""

import pytest

from core.permissions import visible_to
from people.models import Country, Province, Role, StaffProfile
from people.services import grant_role

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def _visible(user):
    return set(
        visible_to(user, "people.view_staff", StaffProfile.objects.all()).values_list("user__username", flat=True)
    )


def test_provincial_hr_planner_sees_only_their_province():
    savannakhet = Province.objects.get(code="LA-SV")
    hr = make_staff(username="hr", country="LA", province="LA-SV")
    grant_role(user=hr, role=Role.HR_PLANNER, country=savannakhet.country, province=savannakhet)
    inside = make_staff(username="inside", country="LA", province="LA-SV")
    outside = make_staff(username="outside", country="LA", province="LA-VT")
    cambodian = make_staff(username="kh", country="KH")
    visible = _visible(hr)
    assert {"inside", "hr"} <= visible and not visible & {"outside", "kh"}
    assert hr.has_perm("people.view_staff", inside.staff_profile)
    assert not hr.has_perm("people.view_staff", outside.staff_profile)
    assert not hr.has_perm("people.view_staff", cambodian.staff_profile)


def test_national_hr_planner_and_administrator_scopes():
    hr = make_staff(username="hrn", country="KH")
    grant_role(user=hr, role=Role.HR_PLANNER, country=Country.objects.get(code="KH"))
    make_staff(username="a", country="KH")
    b = make_staff(username="b", country="LA")
    assert "a" in _visible(hr) and "b" not in _visible(hr)
    admin = make_staff(username="boss", roles=(Role.ADMINISTRATOR,))
    assert len(_visible(admin)) == StaffProfile.objects.count()
    assert admin.has_perm("people.view_staff", b.staff_profile)


def test_an_unscoped_hr_role_reaches_no_one_but_oneself():
    hr = make_staff(username="unscoped", roles=(Role.LEARNER, Role.HR_PLANNER))
    other = make_staff(username="other")
    assert _visible(hr) == {"unscoped"}
    assert not hr.has_perm("people.view_staff", other.staff_profile)
    assert hr.has_perm("people.view_staff", hr.staff_profile)


def test_a_learner_sees_only_themselves_and_anonymous_no_one(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    learner = make_staff(username="only")
    other = make_staff(username="else")
    assert _visible(learner) == {"only"}
    assert not learner.has_perm("people.view_staff", other.staff_profile)
    assert _visible(AnonymousUser()) == set()


def test_content_editing_and_login_changes():
    editor = make_staff(username="ed", roles=(Role.LEARNER, Role.CONTENT_EDITOR))
    learner = make_staff(username="plain")
    assert editor.has_perm("people.edit_content") and not learner.has_perm("people.edit_content")
    assert learner.has_perm("people.change_login", learner)
    assert not editor.has_perm("people.change_login", learner)


def test_the_admin_staff_list_shows_a_provincial_planner_only_their_province(client):
    vientiane = Province.objects.get(code="LA-VT")
    planner = make_staff(username="planner", country="LA", province="LA-VT", roles=(Role.LEARNER, Role.CONTENT_EDITOR))
    grant_role(user=planner, role=Role.HR_PLANNER, country=vientiane.country, province=vientiane)
    make_staff(username="neighbour", country="LA", province="LA-VT", first_name="Neighbour")
    make_staff(username="far", country="LA", province="LA-SV", first_name="Faraway")

    from people.wagtail_hooks import StaffProfileViewSet

    request = type("Request", (), {"user": planner})()
    names = set(StaffProfileViewSet().get_queryset(request).values_list("user__username", flat=True))
    assert "neighbour" in names and "far" not in names
