"""The cohorts policies behind user.has_perm and visible_to: trainers, HR in scope, unscoped roles, administrators."""

from datetime import timedelta

import pytest

from cohorts.models import AttendanceRecord, Cohort, Meeting, Participation
from core.errors import Conflict, Forbidden, InvalidInput
from core.permissions import visible_to
from people.models import Country, Province, Role
from people.services import grant_role

from ..factories import make_staff
from .factories import make_cohort, registered

pytestmark = pytest.mark.django_db


def _hr(country=None, province=None):
    hr = make_staff(roles=[])
    grant_role(
        user=hr,
        role=Role.HR_PLANNER,
        country=Country.objects.get(code=country) if country else None,
        province=Province.objects.get(code=province) if province else None,
    )
    return hr


@pytest.fixture
def world():
    trainer, other_trainer = make_staff(roles=["trainer"]), make_staff(roles=["trainer"])
    kh_national = make_cohort(country="KH", trainers=[trainer])
    kh_battambang = make_cohort(country="KH", province="KH-2", trainers=[other_trainer])
    la_vientiane = make_cohort(country="LA", province="LA-VT", trainers=[other_trainer])
    for cohort in (kh_national, kh_battambang, la_vientiane):
        registered(cohort, 2)
    return trainer, other_trainer, kh_national, kh_battambang, la_vientiane


def test_the_old_rules_module_is_gone_and_the_policies_answer_has_perm(world):
    import importlib.util

    assert importlib.util.find_spec("cohorts.rules") is None
    trainer, _other, kh_national, kh_battambang, _la = world
    assert trainer.has_perm("cohorts.view_roster", kh_national)
    assert trainer.has_perm("cohorts.take_attendance", kh_national)
    assert not trainer.has_perm("cohorts.view_roster", kh_battambang)
    assert not trainer.has_perm("cohorts.take_attendance", kh_battambang)


def test_trainers_see_only_their_own_cohorts_people(world):
    trainer, _other, kh_national, _kh_b, _la = world
    people = visible_to(trainer, "cohorts.view_participation", Participation.objects.all())
    assert set(people.values_list("cohort_id", flat=True)) == {kh_national.pk}
    records = visible_to(trainer, "cohorts.view_attendance", AttendanceRecord.objects.all())
    assert not records.exclude(participation__cohort=kh_national).exists()
    rosters = visible_to(trainer, "cohorts.view_roster", Cohort.objects.all())
    assert list(rosters) == [kh_national]


def test_hr_sees_cohorts_and_people_within_their_scope_only(world):
    _t, _o, kh_national, kh_battambang, la_vientiane = world
    national, provincial = _hr(country="KH"), _hr(country="KH", province="KH-2")
    assert set(visible_to(national, "cohorts.view_roster", Cohort.objects.all())) == {kh_national, kh_battambang}
    assert set(visible_to(provincial, "cohorts.view_roster", Cohort.objects.all())) == {kh_battambang}
    assert national.has_perm("cohorts.assign", kh_battambang) and not national.has_perm("cohorts.assign", la_vientiane)
    assert not provincial.has_perm("cohorts.view_roster", kh_national)
    (local,) = registered(kh_battambang, 1, province="KH-2")
    people = visible_to(provincial, "cohorts.view_participation", Participation.objects.all())
    # HR sees the people of their own scope only, in cohorts held in their scope.
    assert list(people) == [local]
    assert provincial.has_perm("cohorts.view_participation", local)
    others = Participation.objects.filter(cohort=kh_battambang).exclude(pk=local.pk)
    assert others.exists() and not any(provincial.has_perm("cohorts.view_participation", p) for p in others)
    assert set(visible_to(national, "cohorts.view_fill_rates", Cohort.objects.all())) == {kh_national, kh_battambang}


def test_a_role_without_a_scope_sees_nothing(world, client):
    _t, _o, kh_national, kh_battambang, la_vientiane = world
    unscoped = _hr()
    for cohort in (kh_national, kh_battambang, la_vientiane):
        assert not unscoped.has_perm("cohorts.view_roster", cohort)
        assert not unscoped.has_perm("cohorts.assign", cohort)
    assert not visible_to(unscoped, "cohorts.view_roster", Cohort.objects.all()).exists()
    assert not visible_to(unscoped, "cohorts.view_participation", Participation.objects.all()).exists()
    assert not unscoped.has_perm("cohorts.view_fill_rates")
    client.force_login(unscoped)
    assert client.get("/en/cohorts/fill-rates/").status_code == 403
    assert client.get("/en/cohorts/cascade/").status_code == 403
    assert client.get(f"/en/cohorts/{kh_national.public_id}/roster/").status_code == 403


def test_administrators_reach_everything(world):
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    assert visible_to(admin, "cohorts.view_roster", Cohort.objects.all()).count() == 3
    assert visible_to(admin, "cohorts.view_participation", Participation.objects.all()).count() == 6


def test_a_participant_sees_their_own_participation_and_join_links_only_when_registered(world):
    _t, _o, kh_national, kh_battambang, _la = world
    participation = Participation.objects.filter(cohort=kh_national).first()
    person = participation.person
    assert person.has_perm("cohorts.view_participation", participation)
    assert not person.has_perm("cohorts.view_roster", kh_national)
    assert person.has_perm("cohorts.see_join_links", kh_national)
    assert not person.has_perm("cohorts.see_join_links", kh_battambang)
    assert list(visible_to(person, "cohorts.view_participation", Participation.objects.all())) == [participation]


def test_only_the_cohorts_trainers_may_make_a_new_check_in_code(world, client):
    trainer, other, kh_national, _kh_b, _la = world
    meeting = Meeting.objects.get(cohort=kh_national)
    assert trainer.has_perm("cohorts.regenerate_checkin_code", meeting)
    assert not other.has_perm("cohorts.regenerate_checkin_code", meeting)
    assert list(visible_to(trainer, "cohorts.regenerate_checkin_code", Meeting.objects.all())) == [meeting]
    old = meeting.checkin_code
    url = f"/en/cohorts/{kh_national.public_id}/meetings/{meeting.pk}/check-in-code/"
    client.force_login(other)
    assert client.post(url).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).checkin_code == old
    client.force_login(trainer)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).checkin_code != old


# Errors: services raise core errors, the middleware renders them; views do not catch ------------


def test_refusals_are_core_errors_with_their_status(client):
    from cohorts.services import change_capacity, register, set_trainers

    ended = make_cohort(start_in=timedelta(days=-5))
    with pytest.raises(Conflict):
        register(cohort=ended, person=make_staff())
    with pytest.raises(Forbidden):
        register(cohort=make_cohort(enrolment_mode="assigned"), person=make_staff())
    full = make_cohort(capacity=2)
    registered(full, 2)
    with pytest.raises(Conflict):
        change_capacity(cohort=full, capacity=1)
    with pytest.raises(InvalidInput):
        set_trainers(cohort=make_cohort(tier="provincial"), trainers=[make_staff()])
    client.force_login(make_staff())
    response = client.post(f"/km/cohorts/{ended.public_id}/", {"action": "register"})
    assert response.status_code == 409
    assert "ក្រុមសិក្សានេះបានបញ្ចប់ហើយ។" in response.content.decode()


def test_the_views_no_longer_catch_errors_themselves():
    import inspect

    from cohorts import views, views_hr, views_trainer

    for module in (views, views_trainer, views_hr):
        source = inspect.getsource(module)
        assert "error_response" not in source and "except" not in source, module.__name__


@pytest.mark.parametrize(
    "path",
    [
        "meetings/{big}/attendance/",
        "meetings/{big}/attendance/all-present/",
        "meetings/{big}/calendar.ics",
        "participants/{big}/approve/",
    ],
)
def test_huge_ids_are_not_found_not_a_server_error(client, path):
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    cohort = make_cohort(trainers=[admin])
    client.force_login(admin)
    url = f"/en/cohorts/{cohort.public_id}/" + path.format(big=10**30)
    method = client.post if "approve" in path else client.get
    assert method(url).status_code == 404
