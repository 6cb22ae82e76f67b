"""The dashboard's figures equal figures computed directly from the records, by sex, under filters."""

from datetime import timedelta

import pytest
from django.utils import timezone

from competencies.models import CompetencyRecord, PositionRequirement
from courses.models import Enrolment
from people.models import Disability, Province, StaffProfile

from .helpers import exported_rows, exported_sheet, make_framework, planner, seed, with_both_sexes

pytestmark = pytest.mark.django_db


def _csv(response):
    assert response.status_code == 200, response.content[:500]
    return with_both_sexes(exported_rows(response))


def _expected(profiles, start=None):
    """Headcount, trained, hours and completions per sex, from the rows themselves (no aggregates)."""
    by_user = {p.user_id: p for p in profiles}
    result = {key: {"female": 0, "male": 0} for key in ("staff", "trained", "hours", "completions")}
    for profile in profiles:
        result["staff"][profile.sex] += 1
    trained = set()
    for enrolment in Enrolment.objects.select_related("course"):
        profile = by_user.get(enrolment.learner_id)
        if profile is None or enrolment.completed_at is None or (start and enrolment.completed_at < start):
            continue
        trained.add(enrolment.learner_id)
        result["hours"][profile.sex] += float(enrolment.course.duration_hours)
        result["completions"][profile.sex] += 1
    for user_id in trained:
        result["trained"][by_user[user_id].sex] += 1
    for figures in result.values():
        figures["total"] = figures["female"] + figures["male"]
    return result


def _row(table, label):
    row = next(r for r in table if r[0] == label)
    return [float(value) if value != "" else None for value in row[1:]]


def _check(table, expected):
    for label, key in (
        ("Staff", "staff"),
        ("Staff trained", "trained"),
        ("Training hours", "hours"),
        ("Courses completed", "completions"),
    ):
        figures = expected[key]
        assert _row(table, label) == [figures["female"], figures["male"], figures["total"]], label
    share = _row(table, "Share of staff trained (%)")
    for value, key in zip(share, ("female", "male", "total"), strict=True):
        staff = expected["staff"][key]
        if staff:
            assert value == pytest.approx(round(100 * expected["trained"][key] / staff, 1))
        else:  # no one: an empty cell, or a column left out (filled back with 0 by with_both_sexes)
            assert value in (None, 0.0)


def test_summary_equals_records_for_every_scope_and_filter(client):
    framework = make_framework()
    seed(framework, size=2)
    admin = planner()  # no country and no province: an HR planner everywhere
    client.force_login(admin)
    everyone = list(StaffProfile.objects.all())
    _check(_csv(client.get("/en/hr/export/summary.csv")), _expected(everyone))

    phnom_penh = Province.objects.get(code="KH-12")
    in_province = [p for p in everyone if p.province_id == phnom_penh.pk]
    _check(_csv(client.get(f"/en/hr/export/summary.csv?province={phnom_penh.pk}")), _expected(in_province))

    women = [p for p in everyone if p.sex == "female"]
    table = _csv(client.get("/en/hr/export/summary.csv?sex=female"))
    assert _row(table, "Staff")[1] == 0  # no men when filtering women
    _check(table, _expected(women))

    disabled = [p for p in everyone if p.disability not in ("", Disability.NONE)]
    _check(_csv(client.get("/en/hr/export/summary.csv?disability=yes")), _expected(disabled))

    since = timezone.localdate() - timedelta(days=365)
    start = timezone.make_aware(timezone.datetime.combine(since, timezone.datetime.min.time()))
    _check(_csv(client.get(f"/en/hr/export/summary.csv?date_from={since.isoformat()}")), _expected(everyone, start))


def test_completions_by_tier_match_enrolments(client):
    seed(make_framework())
    client.force_login(planner())
    table = _csv(client.get("/en/hr/export/tiers.xlsx".replace("xlsx", "csv")))
    for label, tier in (("Self-paced online course", "self_paced"), ("Training of trainers", "tot")):
        done = Enrolment.objects.filter(completed_at__isnull=False, course__tier=tier).select_related(
            "learner__staff_profile"
        )
        female = sum(1 for e in done if e.learner.staff_profile.sex == "female")
        male = sum(1 for e in done if e.learner.staff_profile.sex == "male")
        assert _row(table, label) == [female, male, female + male]


@pytest.mark.parametrize(
    "held_twice, where, query",
    [
        (False, {}, ""),
        (True, {}, ""),
        (True, {"province": "KH-12"}, "?sex=female"),
        (False, {"country": "KH"}, "?sex=male"),
    ],
)
def test_heatmap_and_gaps_equal_records(client, held_twice, where, query):
    from competencies.services import record_assessment

    framework = make_framework()
    seed(framework, size=2)
    user = planner(**where)
    if held_twice:
        # A person holding a competency twice (a course, then an assessment) meets it once, not twice.
        for record in list(CompetencyRecord.objects.select_related("person", "competency")):
            record_assessment(
                person=record.person,
                competency=record.competency,
                level=framework["levels"][3],
                assessor=user,
                assessed_on=timezone.localdate(),
            )
    client.force_login(user)
    heatmap = _csv(client.get(f"/en/hr/export/heatmap.csv{query}"))
    gaps = _csv(client.get(f"/en/hr/export/gaps.csv{query}"))
    provinces = heatmap[0][1:]
    staff = StaffProfile.objects.all()
    if where:
        staff = staff.filter(**{f"{key}__code": code for key, code in where.items()})
    if query:
        staff = staff.filter(sex=query.removeprefix("?sex="))
    now = timezone.now()
    checked = 0
    for row in heatmap[1:]:
        competency = framework["counselling"] if row[0] == "Counselling" else framework["lmi"]
        for name, value in zip(provinces, row[1:], strict=True):
            required = met = 0
            for profile in staff.filter(province__name=name).select_related("position"):
                need = PositionRequirement.objects.filter(position=profile.position, competency=competency).first()
                if need is None:
                    continue
                required += 1
                held = [
                    r.level.rank
                    for r in CompetencyRecord.objects.filter(person=profile.user, competency=competency)
                    if r.withdrawn_at is None and (r.expires_at is None or r.expires_at > now)
                ]
                met += bool(held) and max(held) >= need.level.rank
            if required == 0:
                assert value == ""
            else:
                checked += bool(met)
                assert float(value) == pytest.approx(round(100 * met / required, 1))
                gap = [g for g in gaps if g[0] == row[0] and g[1] == name]
                if met < required:
                    assert int(gap[0][2]) == required and int(gap[0][5]) == required - met
                    assert int(gap[0][3]) + int(gap[0][4]) == required - met
    assert checked  # some cell of the scope had people meeting a requirement


def test_drilldown_lists_the_people_behind_a_figure(client):
    seed(make_framework())
    client.force_login(planner())
    trained_women = _csv(client.get("/en/hr/export/people.csv?metric=trained&sex=female"))
    expected = {
        e.learner.staff_profile.employee_id
        for e in Enrolment.objects.filter(
            completed_at__isnull=False, learner__staff_profile__sex="female"
        ).select_related("learner__staff_profile")
    }
    assert {row[1] for row in trained_women[1:]} == expected
    summary = _csv(client.get("/en/hr/export/summary.csv"))
    assert _row(summary, "Staff trained")[0] == len(expected)
    page = client.get("/en/hr/people/?metric=trained&sex=female")
    assert page.status_code == 200
    for employee_id in expected:
        assert employee_id in page.content.decode()


def test_dashboard_page_renders_figures_and_exports_xlsx(client):
    seed(make_framework())
    client.force_login(planner())
    page = client.get("/km/hr/")
    assert page.status_code == 200
    assert "/km/hr/people/?metric=trained" in page.content.decode()
    response = client.get("/en/hr/export/summary.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")

    _titles, rows = exported_sheet(response)
    assert rows[0] == ["Figure", "Female", "Male", "Total"]
    assert rows[1][3] == StaffProfile.objects.count()


def test_headcount_counts_staff_on_the_staff_list_and_says_how_many_self_registered_accounts_it_leaves_out(client):
    from tests.factories import make_course, make_staff

    from .helpers import complete

    seed(make_framework())
    listed = list(StaffProfile.objects.filter(employee_id__gt=""))
    course = make_course(modules=1, lessons=1)
    # Two accounts made through sign-up (no employee ID), one of them even completes a course.
    for number in (1, 2):
        user = make_staff(username=f"signup{number}", sex="female")
        StaffProfile.objects.filter(user=user).update(employee_id=None)
    complete(StaffProfile.objects.get(user__username="signup1").user, course)
    admin = planner()
    listed.append(admin.staff_profile)
    client.force_login(admin)
    _check(_csv(client.get("/en/hr/export/summary.csv")), _expected(listed))
    page = client.get("/en/hr/")
    assert "2 accounts made through sign-up are not counted" in page.content.decode()
    km = client.get("/km/hr/").content.decode()
    assert "គណនី 2 ដែលបានបង្កើតតាមរយៈការចុះឈ្មោះដោយខ្លួនឯង" in km


def test_people_pages_list_everyone_once_in_the_drilldown_order(client, monkeypatch):
    from competencies import selectors, views
    from competencies.policies import hr_scope

    monkeypatch.setattr(views, "PEOPLE_PER_PAGE", 4)
    seed(make_framework(), size=2)
    user = planner(country="KH")
    client.force_login(user)
    expected = [
        profile.employee_id for profile in selectors.people_behind(hr_scope(user), selectors.Filters(), metric="staff")
    ]
    assert len(expected) > 8
    listed = []
    for number in range(1, len(expected) // 4 + 2):
        response = client.get(f"/en/hr/people/?metric=staff&page={number}")
        assert response.status_code == 200
        listed += [row[1].value for row in response.context["table"].rows]
    assert listed == expected
