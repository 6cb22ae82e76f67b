"""Certificates issued and knowledge gain on the HR dashboard: each equals the records, by sex, under
scope, filters and period; drill-downs list the people behind each figure; no planner sees outside their area."""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import QuizGrade, QuizRole
from certificates.models import IssuedCertificate
from courses.models import Tier
from people.models import Province

from .helpers import exported_rows, planner, with_both_sexes
from .results_seed import seed_results

pytestmark = pytest.mark.django_db

YEAR_AGO = (timezone.localdate() - timedelta(days=365)).isoformat()


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return with_both_sexes(exported_rows(response))


def _num(value):
    return None if value == "" else float(value)


def _certificates(client, query=""):
    table = _csv(client, f"/en/hr/export/certificates_issued.csv{query}")
    assert table[0] == ["Tier", "Female", "Male", "Total", "Revoked (not counted)"]
    return {row[0]: [int(v) for v in row[1:]] for row in table[1:]}


def _expected_certificates(person_ok, since=None):
    rows = {label: [0, 0, 0, 0] for label in [*Tier.labels, "Total"]}
    for certificate in IssuedCertificate.objects.select_related("holder__staff_profile", "enrolment__course"):
        profile = certificate.holder.staff_profile
        if not person_ok(profile) or (since and certificate.issued_at.date() < since):
            continue
        label = Tier(certificate.enrolment.course.tier).label
        for key in (label, "Total"):
            if certificate.status == "revoked":
                rows[key][3] += 1
            else:
                rows[key][0 if profile.sex == "female" else 1] += 1
                rows[key][2] += 1
    return rows


def _gain(client, query=""):
    table = _csv(client, f"/en/hr/export/knowledge_gain.csv{query}")
    assert table[0] == ["Course", "Sex", "People", "Pre-test (%)", "Post-test (%)", "Gain (points)"]
    return {(row[0], row[1]): [int(row[2]), *(_num(v) for v in row[3:])] for row in table[1:]}


def _expected_gain(person_ok, since=None):
    """Rows computed grade by grade: pairs of pre- and post-test, averaged per course and sex."""
    pairs = defaultdict(dict)
    for grade in QuizGrade.objects.select_related("quiz__course", "learner__staff_profile", "attempt"):
        profile = grade.learner.staff_profile
        if not person_ok(profile):
            continue
        if grade.quiz.role == QuizRole.POST_TEST and since and grade.attempt.submitted_at.date() < since:
            continue
        pairs[(grade.quiz.course.title, grade.learner_id)][grade.quiz.role] = float(grade.percent)
        pairs[(grade.quiz.course.title, grade.learner_id)]["sex"] = profile.sex
    scores = defaultdict(list)
    for (title, _learner), pair in pairs.items():
        if "pre_test" in pair and "post_test" in pair:
            for course in (title, "All courses"):
                for sex in (pair["sex"], "Total"):
                    scores[(course, sex.capitalize())].append((pair["pre_test"], pair["post_test"]))
    rows = {}
    for key, values in scores.items():
        pre = sum(v[0] for v in values) / len(values)
        post = sum(v[1] for v in values) / len(values)
        rows[key] = [len(values), round(pre, 1), round(post, 1), round(post - pre, 1)]
    titles = {key[0] for key in rows}
    for title in titles:  # a course with only women or men still shows both rows
        for sex in ("Female", "Male"):
            rows.setdefault((title, sex), [0, None, None, None])
    return rows


def _check(client, query, person_ok, since=None):
    certificates = _certificates(client, query)
    assert certificates == _expected_certificates(person_ok, since), query
    gain = _gain(client, query)
    expected = _expected_gain(person_ok, since)
    for chosen, other in (("sex=male", "Female"), ("sex=female", "Male")):
        if chosen in query:  # with one sex chosen, the other sex's rows are left out (they would be empty)
            expected = {key: value for key, value in expected.items() if key[1] != other}
    assert gain == expected, query
    return certificates, gain


def test_panels_equal_the_records_for_every_scope_and_filter(client):
    courses = seed_results()
    everyone = lambda _p: True  # noqa: E731
    client.force_login(planner())
    certificates, gain = _check(client, "", everyone)
    assert certificates["Total"] == [9, 8, 17, 6]  # revoked ones apart
    first = courses["first"].title
    assert gain[(first, "Total")][0] == 12  # both people of each sex and province
    assert gain[(courses["second"].title, "Total")][0] == 6  # only the "a" staff have a pre-test there
    assert courses["only_pre"].title not in {key[0] for key in gain}

    since = timezone.localdate() - timedelta(days=365)
    certificates, gain = _check(client, f"?date_from={YEAR_AGO}", everyone, since)
    assert certificates["Total"][2] == 11  # six were issued more than a year ago
    assert courses["second"].title not in {key[0] for key in gain}  # its post-tests are older

    _check(client, "?sex=male", lambda p: p.sex == "male")
    _check(client, "?disability=yes", lambda p: p.disability not in ("", "none"))
    kh12 = Province.objects.get(code="KH-12")
    _check(client, f"?province={kh12.pk}", lambda p: p.province_id == kh12.pk)

    client.force_login(planner(country="KH"))
    _check(client, "", lambda p: p.country.code == "KH")


def test_provincial_planner_sees_only_their_province(client):
    seed_results()
    client.force_login(planner(country="LA", province="LA-SV"))
    certificates, gain = _check(client, "", lambda p: p.province.code == "LA-SV")
    assert certificates["Total"][2] == 6
    kh12 = Province.objects.get(code="KH-12")
    for key in ("certificates_issued", "knowledge_gain"):
        assert client.get(f"/en/hr/export/{key}.csv?province={kh12.pk}").status_code == 400
    everywhere = lambda _p: True  # noqa: E731
    assert _expected_gain(everywhere) != gain  # Cambodian grades exist and are left out


def _people(client, query):
    return {row[1] for row in _csv(client, f"/en/hr/export/people.csv?{query}")[1:]}


def test_drilldowns_list_the_people_behind_each_figure(client):
    courses = seed_results()
    client.force_login(planner(country="KH"))
    certificates = _certificates(client)
    in_kh = IssuedCertificate.objects.filter(holder__staff_profile__country__code="KH", status="valid")
    for tier in Tier:
        for sex, column in (("female", 0), ("male", 1), ("", 2)):
            expected = set(
                in_kh.filter(enrolment__course__tier=tier, **({"holder__staff_profile__sex": sex} if sex else {}))
                .values_list("holder__staff_profile__employee_id", flat=True)
                .distinct()
            )
            found = _people(client, f"metric=certificates&tier={tier.value}&sex={sex}")
            assert found == expected and len(found) == certificates[tier.label][column]

    gain = _gain(client)
    for course in (courses["first"], courses["second"]):
        for sex in ("female", "male", ""):
            found = _people(client, f"metric=gain&course={course.pk}&sex={sex}")
            assert len(found) == gain[(course.title, sex.capitalize() or "Total")][0]
    assert not _people(client, f"metric=gain&course={courses['only_pre'].pk}")
    page = client.get(f"/en/hr/people/?metric=gain&course={courses['first'].pk}")
    assert f"Staff who took the pre-test and the post-test of: {courses['first'].title}" in page.content.decode()
    assert client.get("/en/hr/people/?metric=gain&course=999999").status_code == 400
    assert client.get("/en/hr/people/?metric=gain&course=x").status_code == 400


def test_dashboard_shows_both_panels_and_nothing_missing(client):
    seed_results()
    client.force_login(planner(country="KH"))
    body = client.get("/km/hr/").content.decode()
    for key in ("certificates_issued", "knowledge_gain", "upcoming_cohorts"):
        assert f'id="table-{key}"' in body
        assert f"/km/hr/export/{key}.xlsx" in body
    assert "metric=certificates&amp;tier=self_paced&amp;sex=female" in body
    assert "metric=gain&amp;course=" in body
    assert "Not shown yet" not in client.get("/en/hr/").content.decode()
