"""The endpoint that receives "Mark as complete" queued offline: an Idempotency-Key per action,
sent twice it changes nothing; the course's rules still decide."""

import uuid

import pytest
from django.test import Client

from courses.models import Enrolment, LessonPage, LessonProgress
from courses.services import enrol

from ..factories import make_course, make_staff

pytestmark = pytest.mark.django_db


def url(lesson):
    return f"/offline/lessons/{lesson.pk}/complete.json"


@pytest.fixture
def setup(client):
    learner = make_staff(username="queued")
    course = make_course(modules=1, lessons=2)
    enrolment = enrol(learner=learner, course=course)
    client.force_login(learner)
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    return client, enrolment, lessons


def test_an_action_sent_twice_is_recorded_once(setup):
    client, enrolment, lessons = setup
    key = str(uuid.uuid4())
    first = client.post(url(lessons[0]), headers={"Idempotency-Key": key})
    again = client.post(url(lessons[0]), headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == {"lesson": lessons[0].pk, "course_completed": False}
    assert LessonProgress.objects.filter(enrolment=enrolment).count() == 1


def test_the_last_lesson_completes_the_course(setup):
    client, enrolment, lessons = setup
    for lesson in lessons:
        response = client.post(url(lesson), headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.json()["course_completed"] is True
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None


@pytest.mark.parametrize("key", [None, "", "short", "x" * 65, "not a key at all!!"])
def test_an_action_without_a_valid_identity_is_refused(setup, key):
    client, enrolment, lessons = setup
    headers = {"Idempotency-Key": key} if key is not None else {}
    response = client.post(url(lessons[0]), headers=headers)
    assert response.status_code == 400
    assert not LessonProgress.objects.filter(enrolment=enrolment).exists()


def test_a_learner_not_enrolled_is_refused(client):
    course = make_course(modules=1, lessons=1)
    lesson = LessonPage.objects.descendant_of(course).first()
    client.force_login(make_staff(username="outsider"))
    response = client.post(url(lesson), headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


def test_an_unknown_or_huge_lesson_id_is_not_found(setup):
    client, _enrolment, _lessons = setup
    for lesson_id in (99999999, 10**30):
        response = client.post(
            f"/offline/lessons/{lesson_id}/complete.json", headers={"Idempotency-Key": str(uuid.uuid4())}
        )
        assert response.status_code == 404


def test_only_post_and_only_with_the_csrf_token(setup):
    client, enrolment, lessons = setup
    assert client.get(url(lessons[0])).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(enrolment.learner)
    response = strict.post(url(lessons[0]), headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


def test_the_lesson_page_says_where_a_queued_action_goes(setup):
    client, enrolment, lessons = setup
    course = enrolment.course
    html = client.get(f"/km{lessons[0].url_path[len(course.get_parent().url_path) - 1 :]}").content.decode()
    assert f'data-complete="{url(lessons[0])}"' in html
