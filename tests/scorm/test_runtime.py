"""The runtime endpoints: launch, resume, commits (own attempt only, bounded, idempotent) and completion."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Enrolment, LessonProgress
from courses.services import enrol
from scorm.models import ScormAttempt
from scorm.services import attach_to_lesson
from tests.factories import lessons_of, make_staff

pytestmark = pytest.mark.django_db


def _launch(client, lesson, package):
    response = client.post(reverse("scorm:launch", args=[lesson.pk, package.pk]))
    assert response.status_code == 200, response.content
    return response.json()


def _commit(client, launch, cmi, **extra):
    body = json.dumps({"session": launch["session"], "cmi": cmi})
    return client.post(launch["commit_url"], body, content_type="application/json", **extra)


def _cmi_12(*, location="2", status="incomplete", raw="", session_time="00:01:00", suspend="page=2"):
    return {
        "suspend_data": suspend,
        "core": {
            "lesson_location": location,
            "lesson_status": status,
            "session_time": session_time,
            "score": {"raw": raw, "min": "0", "max": "100"},
        },
    }


@pytest.fixture
def enrolled(logged_in, learner, course, scorm_lesson):
    enrol(learner=learner, course=course)
    return logged_in


def test_a_learner_resumes_where_they_left_off(enrolled, scorm_lesson, package_12):
    first = _launch(enrolled, scorm_lesson, package_12)
    assert first["cmi"]["core"]["entry"] == "ab-initio"
    assert _commit(enrolled, first, _cmi_12(location="3", suspend="answer=register")).status_code == 200
    second = _launch(enrolled, scorm_lesson, package_12)
    assert second["attempt"] == first["attempt"]
    assert second["cmi"]["core"]["lesson_location"] == "3"
    assert second["cmi"]["suspend_data"] == "answer=register"
    assert second["cmi"]["core"]["entry"] == "resume"
    assert second["cmi"]["core"]["total_time"] == "0000:01:00"
    assert second["cmi"]["student_data"]["mastery_score"] == "80"


def test_committing_twice_is_idempotent(enrolled, scorm_lesson, package_12, learner):
    launch = _launch(enrolled, scorm_lesson, package_12)
    cmi = _cmi_12(status="passed", raw="90", session_time="00:02:30")
    assert _commit(enrolled, launch, cmi).status_code == 200
    assert _commit(enrolled, launch, cmi).status_code == 200
    attempt = ScormAttempt.objects.get()
    assert attempt.total_seconds == 150
    assert attempt.score_raw == 90
    assert LessonProgress.objects.filter(lesson=scorm_lesson, enrolment__learner=learner).count() == 1


def test_a_mastery_score_decides_passed_and_the_lesson_completes(enrolled, scorm_lesson, package_12, learner):
    launch = _launch(enrolled, scorm_lesson, package_12)
    _commit(enrolled, launch, _cmi_12(status="completed", raw="50"))
    attempt = ScormAttempt.objects.get()
    assert attempt.lesson_status == "failed" and attempt.completed_at is None
    assert not LessonProgress.objects.filter(lesson=scorm_lesson).exists()
    response = _commit(enrolled, launch, _cmi_12(status="completed", raw="85"))
    assert response.json()["completed"] is True
    attempt.refresh_from_db()
    assert attempt.lesson_status == "passed"
    assert LessonProgress.objects.filter(lesson=scorm_lesson, enrolment__learner=learner).exists()


def test_a_scorm_lesson_counts_in_the_completion_rule(enrolled, course, learner, package_12):
    from courses.services import complete_lesson

    enrolment = Enrolment.objects.get(learner=learner, course=course)
    lessons = lessons_of(course)
    for lesson in lessons[1:]:
        complete_lesson(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # the SCORM lesson is still to do
    launch = _launch(enrolled, lessons[0], package_12)
    _commit(enrolled, launch, _cmi_12(status="passed", raw="100"))
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_scorm_2004_completion_needs_progress_and_passing_measure(db, course, package_2004):
    learner = make_staff(username="l2004")
    client = Client()
    client.force_login(learner)
    lesson = attach_to_lesson(package=package_2004, lesson=lessons_of(course)[1])
    enrol(learner=learner, course=course)
    launch = _launch(client, lesson, package_2004)
    assert launch["cmi"]["scaled_passing_score"] == "0.7"
    cmi = {
        "completion_status": "incomplete",
        "progress_measure": "0.6",
        "success_status": "unknown",
        "score": {"scaled": "0.5"},
        "session_time": "PT1M",
        "location": "p4",
    }
    _commit(client, launch, cmi)
    attempt = ScormAttempt.objects.get(learner=learner)
    assert (attempt.completion_status, attempt.success_status) == ("completed", "failed")
    assert attempt.completed_at is None
    cmi["score"]["scaled"] = "0.8"
    _commit(client, launch, cmi)
    attempt.refresh_from_db()
    assert attempt.success_status == "passed" and attempt.completed_at is not None
    assert LessonProgress.objects.filter(lesson=lesson, enrolment__learner=learner).exists()


def test_another_learner_cannot_read_or_write_my_attempt(enrolled, scorm_lesson, package_12, course):
    launch = _launch(enrolled, scorm_lesson, package_12)
    _commit(enrolled, launch, _cmi_12(location="2"))
    intruder = make_staff(username="intruder")
    enrol(learner=intruder, course=course)
    other = Client()
    other.force_login(intruder)
    assert other.get(reverse("scorm:attempt", args=[launch["attempt"]])).status_code == 404
    assert _commit(other, launch, _cmi_12(location="9")).status_code == 404
    assert ScormAttempt.objects.get(key=launch["attempt"]).location == "2"
    assert enrolled.get(reverse("scorm:attempt", args=[launch["attempt"]])).json()["location"] == "2"


def test_an_oversize_commit_is_refused_and_nothing_changes(enrolled, scorm_lesson, package_12, settings):
    settings.SCORM_MAX_COMMIT_BYTES = 10_000
    launch = _launch(enrolled, scorm_lesson, package_12)
    response = _commit(enrolled, launch, _cmi_12(suspend="x" * 20_000))
    assert response.status_code == 413
    assert ScormAttempt.objects.get().suspend_data == ""


def test_an_invalid_value_is_refused_with_a_400(enrolled, scorm_lesson, package_12):
    launch = _launch(enrolled, scorm_lesson, package_12)
    assert _commit(enrolled, launch, _cmi_12(status="hacked")).status_code == 400
    assert _commit(enrolled, launch, _cmi_12(raw="1e999")).status_code == 400
    response = enrolled.post(launch["commit_url"], "not json", content_type="application/json")
    assert response.status_code == 400


def test_a_stale_window_cannot_write_after_a_new_launch(enrolled, scorm_lesson, package_12):
    old = _launch(enrolled, scorm_lesson, package_12)
    _launch(enrolled, scorm_lesson, package_12)
    assert _commit(enrolled, old, _cmi_12()).status_code == 409


def test_commits_need_the_csrf_token(learner, course, scorm_lesson, package_12):
    enrol(learner=learner, course=course)
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post(reverse("scorm:launch", args=[scorm_lesson.pk, package_12.pk]))
    assert response.status_code == 403


def test_someone_not_enrolled_cannot_launch_or_open_the_files(logged_in, scorm_lesson, package_12):
    response = logged_in.post(reverse("scorm:launch", args=[scorm_lesson.pk, package_12.pk]))
    assert response.status_code == 403
    assert logged_in.get(package_12.get_content_url()).status_code == 404


def test_a_package_not_in_the_lesson_cannot_be_launched(enrolled, course, package_2004):
    response = enrolled.post(reverse("scorm:launch", args=[lessons_of(course)[1].pk, package_2004.pk]))
    assert response.status_code == 404
    huge = enrolled.post(reverse("scorm:launch", args=["9" * 40, package_2004.pk]))
    assert huge.status_code == 404


def test_a_scorm_lesson_cannot_be_marked_complete_by_hand(enrolled, scorm_lesson, package_12, learner):
    """Only the package completes the lesson: no "Mark as complete", and a forged POST is refused."""
    url = f"/km{scorm_lesson.url_path[len('/courses') :]}"
    page = enrolled.get(url).content.decode()
    assert 'data-testid="completes-itself"' in page and "complete-form" not in page
    response = enrolled.post(url, {"action": "complete"})
    assert response.status_code == 409
    assert not LessonProgress.objects.filter(lesson=scorm_lesson, enrolment__learner=learner).exists()
