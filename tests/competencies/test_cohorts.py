"""Cohorts on the HR pages: the upcoming-cohorts panel equals the records, by sex, under scope and filters;
its drill-down lists the people behind each figure; the person page lists cohorts that close each gap."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cohorts.models import Cohort, Participation
from cohorts.services import register, withdraw
from competencies.views import person_url
from people.models import Disability, Province, StaffProfile

from ..cohorts.factories import make_cohort
from ..factories import make_course, make_staff
from .helpers import exported_rows, link_course, make_framework, planner, seed, with_both_sexes

pytestmark = pytest.mark.django_db

Status = Participation.Status


def _csv(response):
    assert response.status_code == 200, response.content[:500]
    return with_both_sexes(exported_rows(response))


def _staff(country, province, sex, disability=""):
    return make_staff(country=country, province=province, sex=sex, disability=disability)


def seed_cohorts():
    """Upcoming, ongoing and past cohorts in two countries, with registrations, a waiting list,
    a pending request, a withdrawal and a participant from another country."""
    from cohorts.services import assign

    cohorts = {}
    cohorts["phnom_penh"] = make_cohort(tier="provincial", country="KH", province="KH-12", capacity=3)
    assign(
        cohort=cohorts["phnom_penh"],
        people=[
            _staff("KH", "KH-12", "female", "visual"),
            _staff("KH", "KH-12", "female"),
            _staff("KH", "KH-12", "male"),
            _staff("KH", "KH-12", "male"),  # waiting 1
            _staff("KH", "KH-12", "female"),  # waiting 2
        ],
        assigned_by=None,
    )
    cohorts["siem_reap"] = make_cohort(
        tier="provincial",
        country="KH",
        province="KH-17",
        capacity=10,
        enrolment_mode="approval",
        start_in=timedelta(days=40),
    )
    assign(
        cohort=cohorts["siem_reap"],
        people=[_staff("KH", "KH-17", "female", "hearing"), _staff("KH", "KH-12", "male")],
        assigned_by=None,
    )
    register(cohort=cohorts["siem_reap"], person=_staff("KH", "KH-17", "male"))  # pending approval
    leaver = _staff("KH", "KH-17", "female")
    withdraw(participation=assign(cohort=cohorts["siem_reap"], people=[leaver], assigned_by=None)[0])
    cohorts["webinar"] = make_cohort(tier="webinar", country="KH", capacity=100, start_in=timedelta(days=5))
    assign(
        cohort=cohorts["webinar"],
        people=[_staff("KH", "KH-12", "female"), _staff("KH", "KH-17", "male"), _staff("LA", "LA-SV", "female")],
        assigned_by=None,
    )
    cohorts["savannakhet"] = make_cohort(tier="provincial", country="LA", province="LA-SV", capacity=4)
    assign(
        cohort=cohorts["savannakhet"],
        people=[_staff("LA", "LA-SV", "female"), _staff("LA", "LA-SV", "male", "physical")],
        assigned_by=None,
    )
    cohorts["ongoing"] = make_cohort(
        tier="provincial", country="KH", province="KH-12", capacity=2, start_in=timedelta(days=-1), meetings=3
    )
    assign(cohort=cohorts["ongoing"], people=[_staff("KH", "KH-12", "male")], assigned_by=None)
    cohorts["past"] = make_cohort(tier="provincial", country="KH", province="KH-12", start_in=timedelta(days=-30))
    assign(cohort=cohorts["past"], people=[_staff("KH", "KH-12", "female")], assigned_by=None)
    return cohorts


def _expected(cohort_ok, person_ok):
    """Rows of the panel computed from the participations one by one (no aggregates)."""
    today = timezone.localdate()
    rows = {}
    for cohort in Cohort.objects.all():
        if cohort.end_date < today or not cohort_ok(cohort):
            continue
        parts = list(cohort.participations.select_related("person__staff_profile"))
        taken = sum(1 for p in parts if p.status == Status.REGISTERED)
        waiting = sum(1 for p in parts if p.status == Status.WAITING)
        by_sex = {"female": 0, "male": 0}
        for p in parts:
            if p.status == Status.REGISTERED and person_ok(p.person.staff_profile):
                by_sex[p.person.staff_profile.sex] += 1
        fill = round(100 * taken / cohort.capacity, 1)
        rows[cohort.title] = [
            cohort.capacity,
            taken,
            fill,
            waiting,
            by_sex["female"],
            by_sex["male"],
            sum(by_sex.values()),
        ]
    return rows


def _panel(client, query=""):
    table = _csv(client.get(f"/en/hr/export/upcoming_cohorts.csv{query}"))
    assert table[0] == [
        "Cohort",
        "Tier",
        "Starts",
        "Place",
        "Places",
        "Places taken",
        "Fill rate (%)",
        "Waiting list",
        "Registered: female",
        "Registered: male",
        "Registered: total",
    ]
    rows = {row[0]: [float(v) for v in row[4:]] for row in table[1:]}
    total = rows.pop("Total", None)
    return rows, total


def _check(client, query, cohort_ok, person_ok):
    rows, total = _panel(client, query)
    expected = _expected(cohort_ok, person_ok)
    assert rows == {title: [float(v) for v in values] for title, values in expected.items()}, query
    if expected:
        sums = [sum(values[i] for values in expected.values()) for i in range(7)]
        fill = round(100 * sums[1] / sums[0], 1)
        assert total == [sums[0], sums[1], fill, sums[3], sums[4], sums[5], sums[6]]
    else:
        assert total is None
    return rows


def test_panel_equals_records_for_every_scope_and_filter(client):
    seed(make_framework())
    cohorts = seed_cohorts()
    everyone = lambda _x: True  # noqa: E731

    client.force_login(planner())  # everywhere
    rows = _check(client, "", everyone, everyone)
    assert set(rows) == {c.title for key, c in cohorts.items() if key != "past"}
    phnom_penh = cohorts["phnom_penh"].title
    assert rows[phnom_penh] == [3, 3, 100.0, 2, 2, 1, 3]  # full, two waiting
    assert rows[cohorts["siem_reap"].title][:4] == [10, 2, 20.0, 0]  # pending and withdrawn do not count

    women = lambda p: p.sex == "female"  # noqa: E731
    _check(client, "?sex=female", everyone, women)
    kh12 = Province.objects.get(code="KH-12")
    _check(client, f"?province={kh12.pk}", lambda c: c.province_id == kh12.pk, lambda p: p.province_id == kh12.pk)
    disabled = lambda p: p.disability not in ("", Disability.NONE)  # noqa: E731
    _check(client, "?disability=yes", everyone, disabled)
    until = timezone.localdate() + timedelta(days=15)
    _check(client, f"?date_to={until.isoformat()}", lambda c: c.start_date <= until, everyone)
    since = timezone.localdate() + timedelta(days=30)
    rows = _check(client, f"?date_from={since.isoformat()}", lambda c: c.end_date >= since, everyone)
    assert list(rows) == [cohorts["siem_reap"].title]

    client.force_login(planner(country="KH"))
    in_kh = lambda p: p.country.code == "KH"  # noqa: E731
    rows = _check(client, "", lambda c: c.country.code == "KH", in_kh)
    webinar = rows[cohorts["webinar"].title]
    assert webinar[1] == 3 and webinar[6] == 2  # the Lao participant takes a place but is not KH staff

    client.force_login(planner(country="LA", province="LA-SV"))
    rows = _check(client, "", lambda c: c.province and c.province.code == "LA-SV", lambda p: p.province.code == "LA-SV")
    assert list(rows) == [cohorts["savannakhet"].title]


def test_dashboard_shows_the_panel_with_drilldown_links(client):
    seed(make_framework())
    cohorts = seed_cohorts()
    client.force_login(planner(country="KH"))
    page = client.get("/km/hr/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="table-upcoming_cohorts"' in body
    assert f"/km/cohorts/{cohorts['phnom_penh'].public_id}/" in body
    assert f"metric=registered&amp;cohort={cohorts['phnom_penh'].public_id}&amp;sex=female" in body
    assert cohorts["past"].title_km not in body
    assert "/km/hr/export/upcoming_cohorts.xlsx" in body
    xlsx = client.get("/en/hr/export/upcoming_cohorts.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def _people(client, query):
    return {row[1] for row in _csv(client.get(f"/en/hr/export/people.csv?{query}"))[1:]}


def test_drilldown_lists_the_people_behind_each_registration_figure(client):
    seed(make_framework())
    cohorts = seed_cohorts()
    client.force_login(planner(country="KH"))
    rows, total = _panel(client)
    for cohort in (cohorts["phnom_penh"], cohorts["webinar"], cohorts["siem_reap"]):
        registered = Participation.objects.filter(
            cohort=cohort, status=Status.REGISTERED, person__staff_profile__country__code="KH"
        ).values_list("person__staff_profile__employee_id", "person__staff_profile__sex")
        for sex, column in (("female", 4), ("male", 5), ("", 6)):
            expected = {eid for eid, s in registered if not sex or s == sex}
            found = _people(client, f"metric=registered&cohort={cohort.public_id}&sex={sex}")
            assert found == expected and len(found) == rows[cohort.title][column]
    everybody = _people(client, "metric=registered")
    assert everybody == set(
        StaffProfile.objects.filter(
            country__code="KH",
            user__participations__status=Status.REGISTERED,
            user__participations__cohort__end_date__gte=timezone.localdate(),
            user__participations__cohort__country__code="KH",
        ).values_list("employee_id", flat=True)
    )
    assert len(everybody) == total[6]  # no one is registered in two of these cohorts
    page = client.get(f"/en/hr/people/?metric=registered&cohort={cohorts['webinar'].public_id}")
    assert page.status_code == 200
    assert f"Staff registered in: {cohorts['webinar'].title}" in page.content.decode()


@pytest.mark.parametrize("cohort", ["not-a-uuid", "past", "savannakhet", "00000000-0000-0000-0000-000000000000"])
def test_drilldown_refuses_a_cohort_outside_the_list(client, cohort):
    seed(make_framework())
    cohorts = seed_cohorts()
    client.force_login(planner(country="KH"))
    public_id = cohorts[cohort].public_id if cohort in cohorts else cohort
    response = client.get(f"/en/hr/people/?metric=registered&cohort={public_id}")
    assert response.status_code == 400
    assert client.get(f"/en/hr/export/people.csv?metric=registered&cohort={public_id}").status_code == 400


def test_provincial_planner_cannot_widen_the_panel(client):
    seed(make_framework())
    cohorts = seed_cohorts()
    client.force_login(planner(country="LA", province="LA-SV"))
    kh12 = Province.objects.get(code="KH-12")
    assert client.get(f"/en/hr/export/upcoming_cohorts.csv?province={kh12.pk}").status_code == 400
    body = client.get("/en/hr/export/upcoming_cohorts.csv").content.decode("utf-8-sig")
    assert cohorts["savannakhet"].title in body
    for key in ("phnom_penh", "webinar", "siem_reap"):
        assert cohorts[key].title not in body


def test_unknown_export_keys_are_not_found(client):
    client.force_login(planner())
    assert client.get("/en/hr/export/nothing.csv").status_code == 404
    assert client.get("/en/hr/export/upcoming_cohorts.pdf").status_code == 404


# The person page ----------------------------------------------------------------------------------


def test_person_page_lists_cohorts_that_close_each_gap(client):
    framework = make_framework()
    person = make_staff(country="KH", province="KH-12")
    profile = person.staff_profile
    profile.position = framework["counsellor"]  # needs counselling at level 2, LMI at level 1
    profile.save()
    closes = make_course(modules=0, lessons=0, tier="provincial")
    link_course(closes, framework["counselling"], framework["levels"][2])
    too_low = make_course(modules=0, lessons=0, tier="webinar")
    link_course(too_low, framework["counselling"], framework["levels"][1])
    open_kh = make_cohort(course=closes, country="KH", province="KH-17", start_in=timedelta(days=30))
    approval_kh = make_cohort(course=closes, country="KH", enrolment_mode="approval", start_in=timedelta(days=9))
    full = make_cohort(course=closes, country="KH", capacity=1, start_in=timedelta(days=12))
    from cohorts.services import assign

    assign(cohort=full, people=[make_staff(country="KH")], assigned_by=None)
    hidden = [
        make_cohort(course=closes, country="KH", enrolment_mode="assigned"),  # HR places people
        make_cohort(course=closes, country="LA"),  # another country
        make_cohort(course=closes, country="KH", start_in=timedelta(days=-1), meetings=3),  # started
        make_cohort(course=closes, country="KH", start_in=timedelta(days=-20)),  # over
        make_cohort(course=too_low, country="KH"),  # its course does not reach the level
    ]
    client.force_login(planner(country="KH"))
    response = client.get(person_url(profile))
    assert response.status_code == 200
    rows = {row["competency"].code: row for row in response.context["rows"]}
    assert rows["counselling"]["cohorts"] == [approval_kh, full, open_kh]
    assert rows["lmi"]["cohorts"] == []  # no course grants it
    body = response.content.decode()
    for cohort in (open_kh, approval_kh, full):
        assert f"/en/cohorts/{cohort.public_id}/" in body
    for cohort in hidden:
        assert str(cohort.public_id) not in body
    assert "Full: waiting list" in body
    assert body.count("Full: waiting list") == 1


def test_person_page_without_cohorts_says_so(client):
    framework = make_framework()
    person = make_staff(country="KH")
    profile = person.staff_profile
    profile.position = framework["counsellor"]
    profile.save()
    link_course(make_course(modules=0, lessons=0), framework["counselling"], framework["levels"][2])
    client.force_login(planner(country="KH"))
    response = client.get(person_url(profile))
    assert "None planned yet" in response.content.decode()
