"""Records are derived: a completion grants them once, a revoked certificate withdraws them."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from certificates.signals import certificate_revoked
from competencies.models import CompetencyRecord, Source
from competencies.services import add_months, grant_for_enrolment
from competencies.views import person_url
from courses.services import complete_lesson, enrol
from people.models import StaffProfile

from ..factories import lessons_of, make_course, make_staff
from .helpers import complete, link_course, make_framework, planner

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


def _finish(user, course, capture):
    enrolment = enrol(learner=user, course=course)
    with capture(execute=True):
        for lesson in lessons_of(course):
            complete_lesson(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    return enrolment


def test_completing_a_course_grants_its_competencies_once(framework, django_capture_on_commit_callbacks):
    course = make_course(modules=1, lessons=2)
    link_course(course, framework["counselling"], framework["levels"][2], months=24)
    link_course(course, framework["lmi"], framework["levels"][1])
    user = make_staff()
    enrolment = _finish(user, course, django_capture_on_commit_callbacks)
    records = {r.competency.code: r for r in CompetencyRecord.objects.filter(person=user)}
    assert set(records) == {"counselling", "lmi"}
    counselling = records["counselling"]
    assert counselling.source == Source.COURSE and counselling.enrolment == enrolment
    assert counselling.level.rank == 2 and counselling.achieved_at == enrolment.completed_at
    assert counselling.expires_at == add_months(enrolment.completed_at, 24)
    assert records["lmi"].expires_at is None
    assert grant_for_enrolment(enrolment=enrolment) == []  # the event arriving again changes nothing
    assert CompetencyRecord.objects.filter(person=user).count() == 2


def test_unfinished_enrolment_grants_nothing(framework):
    course = make_course(modules=1, lessons=2)
    link_course(course, framework["lmi"], framework["levels"][1])
    enrolment = enrol(learner=make_staff(), course=course)
    assert grant_for_enrolment(enrolment=enrolment) == []


def test_revoking_a_certificate_withdraws_the_competency_it_granted(framework, client):
    """The certificates model is not in this branch yet: the signal is sent with a stand-in certificate
    that carries a real Enrolment, exactly the `certificate.enrolment` contract of certificates/signals.py."""
    counsellor = make_staff(province="KH-12")
    profile = counsellor.staff_profile
    profile.position = framework["counsellor"]
    profile.save()
    course = make_course(modules=1, lessons=1)
    other_course = make_course(modules=1, lessons=1)
    link_course(course, framework["counselling"], framework["levels"][2])
    link_course(other_course, framework["lmi"], framework["levels"][1])
    revoked = complete(counsellor, course)
    kept = complete(counsellor, other_course)
    grant_for_enrolment(enrolment=revoked)
    grant_for_enrolment(enrolment=kept)
    hr = planner(country="KH")
    client.force_login(hr)
    gap_csv = lambda: client.get("/en/hr/export/heatmap.csv").content.decode("utf-8-sig")  # noqa: E731
    assert "Counselling,100.0" in gap_csv()

    certificate_revoked.send(
        sender=object, certificate=SimpleNamespace(pk=0, enrolment=revoked, holder=counsellor, revoked_reason="test")
    )

    record = CompetencyRecord.objects.get(enrolment=revoked)
    assert record.withdrawn_at is not None and not record.is_held
    assert CompetencyRecord.objects.get(enrolment=kept).withdrawn_at is None
    assert "Counselling,0.0" in gap_csv()
    page = client.get(person_url(StaffProfile.objects.get(user=counsellor))).content.decode()
    assert "Withdrawn" in page


def test_expired_records_do_not_count(framework):
    from competencies.selectors import person_competencies

    user = make_staff()
    profile = user.staff_profile
    profile.position = framework["counsellor"]
    profile.save()
    course = make_course(modules=1, lessons=1)
    link_course(course, framework["counselling"], framework["levels"][2], months=12)
    grant_for_enrolment(enrolment=complete(user, course, timezone.now() - timedelta(days=400)))
    rows = {row["competency"].code: row for row in person_competencies(profile)["rows"]}
    assert not rows["counselling"]["met"]
    assert [c.pk for c in rows["counselling"]["courses"]] == [course.pk]  # the refresher closes the gap


def test_hr_planner_records_a_supervisor_assessment(framework, client):
    person = make_staff(province="KH-12")
    client.force_login(planner(country="KH"))
    url = person_url(person.staff_profile)
    data = {
        "competency": framework["lmi"].pk,
        "level": framework["levels"][2].pk,
        "assessed_on": timezone.localdate().isoformat(),
        "valid_months": "12",
        "note": "Observed",
    }
    assert client.post(url, data).status_code == 302
    record = CompetencyRecord.objects.get(person=person)
    assert record.source == Source.SUPERVISOR and record.level.rank == 2 and record.expires_at is not None
    future = {**data, "assessed_on": (timezone.localdate() + timedelta(days=3)).isoformat()}
    response = client.post(url, future)
    assert response.status_code == 400
    assert CompetencyRecord.objects.filter(person=person).count() == 1
