"""HR pages: assign with a preview, in scope even against forged requests; the report's figures."""

from datetime import timedelta

import pytest
from django.urls import reverse

from people.models import Office, Position, Province
from planning.models import Assignment
from planning.selectors import today
from planning.services import assign_training

from ..competencies.helpers import complete, make_framework
from ..factories import make_course, make_staff
from .helpers import planner, profiles

pytestmark = pytest.mark.django_db


def _post(client, **data):
    return client.post(reverse("planning:assign"), data)


def test_preview_then_confirm_assigns_the_people_chosen(client):
    hr = planner(country="KH")
    course = make_course(modules=1, lessons=1)
    chosen = [make_staff(country="KH", province="KH-2") for _ in range(2)]
    elsewhere = make_staff(country="KH", province="KH-12")
    client.force_login(hr)
    battambang = Province.objects.get(code="KH-2").pk
    due = (today() + timedelta(days=14)).isoformat()
    preview = _post(client, province=battambang, course=course.pk, due_date=due)
    assert preview.status_code == 200 and preview.context["count"] == 2
    assert not Assignment.objects.exists()  # a preview writes nothing
    confirmed = _post(client, province=battambang, course=course.pk, due_date=due, confirm="1")
    assert confirmed.status_code == 302
    assert set(Assignment.objects.values_list("learner_id", flat=True)) == {p.pk for p in chosen}
    assert not Assignment.objects.filter(learner=elsewhere).exists()
    _post(client, province=battambang, course=course.pk, due_date=due, confirm="1")
    assert Assignment.objects.count() == 2  # the same thing twice adds nothing


def test_a_forged_post_for_people_outside_the_scope_assigns_no_one(client):
    hr = planner(province="LA-SV", country=None)
    course = make_course(modules=1, lessons=1)
    cambodian = make_staff(country="KH", province="KH-2")
    vientiane = make_staff(country="LA", province="LA-VT")
    client.force_login(hr)
    due = (today() + timedelta(days=7)).isoformat()
    for forged in (
        {"province": Province.objects.get(code="KH-2").pk},
        {"province": Province.objects.get(code="LA-VT").pk},
        {"country": cambodian.staff_profile.country_id},
        {"office": Office.objects.filter(province__code="KH-2").first().pk if Office.objects.exists() else 999999},
    ):
        response = _post(client, course=course.pk, due_date=due, confirm="1", **forged)
        assert response.status_code == 400, forged
    # A POST naming people by id is not a way in either: the form chooses by place, never by id.
    response = _post(client, course=course.pk, due_date=due, confirm="1", people=[cambodian.pk, vientiane.pk])
    assert response.status_code == 302
    assert not Assignment.objects.filter(learner__in=[cambodian, vientiane]).exists()


def test_a_planner_without_a_place_is_refused_and_assigns_no_one(client):
    client.force_login(planner())
    course = make_course(modules=1, lessons=1)
    make_staff(country="KH")
    due = (today() + timedelta(days=7)).isoformat()
    assert client.get(reverse("planning:assign")).status_code == 403
    assert _post(client, course=course.pk, due_date=due, confirm="1").status_code == 403
    assert client.get(reverse("planning:report")).status_code == 403
    assert not Assignment.objects.exists()


def test_people_with_a_gap_in_the_competency_report_are_chosen(client):
    framework = make_framework()
    hr = planner(country="KH")
    course = make_course(modules=1, lessons=1)
    counsellors = [make_staff(country="KH") for _ in range(2)]
    chief = make_staff(country="KH")
    for person in counsellors:
        person.staff_profile.position = framework["counsellor"]
        person.staff_profile.save()
    chief.staff_profile.position = framework["chief"]
    chief.staff_profile.save()
    client.force_login(hr)
    due = (today() + timedelta(days=7)).isoformat()
    _post(client, gap=framework["counselling"].pk, course=course.pk, due_date=due, confirm="1")
    assert set(Assignment.objects.values_list("learner_id", flat=True)) == {p.pk for p in counsellors}
    assert Position.objects.count() >= 2


def _independent_figures(assignments, on):
    """Overdue and due soon counted from the records, without the selectors' queries."""
    overdue = due_soon = done = 0
    for assignment in assignments:
        target = assignment.course_id or assignment.cohort.course_id
        finished = assignment.learner.enrolments.filter(course_id=target, completed_at__isnull=False).exists()
        if finished:
            done += 1
        elif assignment.due_date < on:
            overdue += 1
        elif assignment.due_date <= on + timedelta(days=7):
            due_soon += 1
    return {"done": done, "overdue": overdue, "due_soon": due_soon, "assigned": len(assignments)}


def test_the_report_figures_equal_the_records(client):
    hr = planner(country="KH")
    course = make_course(modules=1, lessons=1)
    women = [make_staff(country="KH", province="KH-2", sex="female") for _ in range(4)]
    men = [make_staff(country="KH", province="KH-12", sex="male", disability="visual") for _ in range(3)]
    lao = make_staff(country="LA", sex="female")
    everyone = women + men
    assign_training(planner=hr, profiles=profiles(*everyone), due_date=today() + timedelta(days=30), course=course)
    admin_hr = planner(country="LA")
    assign_training(planner=admin_hr, profiles=profiles(lao), due_date=today() + timedelta(days=3), course=course)
    Assignment.objects.filter(learner__in=[women[0], women[1], men[0]]).update(due_date=today() - timedelta(days=2))
    Assignment.objects.filter(learner__in=[women[2]]).update(due_date=today() + timedelta(days=2))
    Assignment.objects.filter(learner=lao).update(due_date=today() - timedelta(days=9))
    complete(women[1], course)  # done after the due date: done, not overdue

    client.force_login(hr)
    response = client.get(reverse("planning:report"))
    assert response.status_code == 200
    total = response.context["total"].counts
    mine = list(Assignment.objects.filter(learner__staff_profile__country__code="KH").select_related("cohort"))
    expected = _independent_figures(mine, today())
    for state, value in expected.items():
        assert total[state]["total"] == value, state
    assert total["overdue"]["female"] == 1 and total["overdue"]["male"] == 1
    overdue_rows = response.context["overdue"].rows
    assert len(overdue_rows) == expected["overdue"]  # the list behind the figure, not the Lao record
    assert lao.staff_profile.name_latin not in response.content.decode()

    narrowed = client.get(reverse("planning:report"), {"sex": "male"})
    assert narrowed.context["total"].counts["assigned"]["total"] == len(men)
    by_office = client.get(reverse("planning:report"), {"by": "office"})
    assert by_office.status_code == 200


def test_exports_follow_the_filters(client):
    hr = planner(country="KH")
    course = make_course(modules=1, lessons=1)
    late = make_staff(country="KH", province="KH-2", first_name="Sokha", last_name="Late")
    on_time = make_staff(country="KH", province="KH-12", first_name="Dara", last_name="Ontime")
    assign_training(planner=hr, profiles=profiles(late, on_time), due_date=today() + timedelta(days=5), course=course)
    Assignment.objects.all().update(due_date=today() - timedelta(days=1))
    client.force_login(hr)
    battambang = Province.objects.get(code="KH-2").pk
    response = client.get(reverse("planning:export", args=["overdue", "csv"]), {"province": battambang})
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "Sokha Late" in text and "Ontime" not in text
    xlsx = client.get(reverse("planning:export", args=["groups", "xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("planning:export", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("planning:export", args=["summary", "pdf"])).status_code == 404


def test_the_report_runs_a_fixed_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hr = planner(country="KH")
    client.force_login(hr)
    course = make_course(modules=1, lessons=1)

    def add(count, province):
        people = [make_staff(country="KH", province=province) for _ in range(count)]
        assign_training(planner=hr, profiles=profiles(*people), due_date=today() + timedelta(days=9), course=course)
        Assignment.objects.filter(learner__in=people[: count // 2]).update(due_date=today() - timedelta(days=1))

    def count(params):
        client.get(reverse("planning:report"), params)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("planning:report"), params).status_code == 200
        return len(queries)

    add(2, "KH-2")
    small = (count({}), count({"by": "office"}))
    add(12, "KH-12")
    add(6, "KH-3")
    large = (count({}), count({"by": "office"}))
    assert small == large, (small, large)
