"""The endpoints that receive quiz answers, quiz submissions and check-in codes queued offline: an
Idempotency-Key per action (sent twice it changes nothing), the device's time corrected by the
server's clock, an older answer never replacing a newer one, and the server's rules deciding."""

import time
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from assessments.models import Answer, Attempt, AttemptStatus
from assessments.services import save_answer, start_attempt
from cohorts.models import AttendanceRecord
from courses.services import enrol

from ..assessments.helpers import make_category, make_question, make_quiz
from ..cohorts.factories import make_cohort, registered
from ..factories import make_course, make_staff

pytestmark = pytest.mark.django_db


def now_ms(shift=timedelta()):
    return str(int((time.time() + shift.total_seconds()) * 1000))


def post(client, url, data, key=None):
    return client.post(url, data, headers={"Idempotency-Key": key or str(uuid.uuid4())})


@pytest.fixture
def quiz_setup(client):
    learner = make_staff(username="quizzer")
    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    category = make_category(course)
    questions = [make_question(category) for _ in range(2)]
    quiz = make_quiz(course, questions)
    attempt = start_attempt(quiz=quiz, learner=learner)
    client.force_login(learner)
    return client, learner, quiz, attempt


def options(attempt, position):
    answer = Answer.objects.select_related("version").get(attempt=attempt, position=position)
    return [str(option["id"]) for option in answer.version.data["options"]]


def answer_data(attempt, position, choice, chosen_at, sent_at=None, lang="km"):
    return {
        "position": str(position),
        "choice": choice,
        "chosen_at": chosen_at,
        "sent_at": sent_at or now_ms(),
        "lang": lang,
    }


def test_an_answer_sent_twice_is_saved_once_and_answers_the_same(quiz_setup):
    client, _learner, _quiz, attempt = quiz_setup
    url = f"/offline/attempts/{attempt.uuid}/answer.json"
    key = str(uuid.uuid4())
    data = answer_data(attempt, 1, options(attempt, 1)[0], now_ms(-timedelta(minutes=5)))
    first = post(client, url, data, key)
    saved_at = Answer.objects.get(attempt=attempt, position=1).saved_at
    again = post(client, url, data, key)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == {"position": 1, "kept": True}
    assert Answer.objects.get(attempt=attempt, position=1).saved_at == saved_at


def test_an_older_answer_never_replaces_a_newer_one(quiz_setup):
    client, _learner, _quiz, attempt = quiz_setup
    url = f"/offline/attempts/{attempt.uuid}/answer.json"
    first, second = options(attempt, 2)[:2]
    newer = post(client, url, answer_data(attempt, 2, second, now_ms(-timedelta(minutes=1))))
    older = post(client, url, answer_data(attempt, 2, first, now_ms(-timedelta(minutes=3))))
    assert newer.json()["kept"] is True and older.json()["kept"] is False
    assert Answer.objects.get(attempt=attempt, position=2).response == {"choice": int(second)}


def test_an_answer_saved_online_later_wins_over_an_earlier_offline_one(quiz_setup):
    client, learner, _quiz, attempt = quiz_setup
    first, second = options(attempt, 1)[:2]
    chosen_offline = now_ms(-timedelta(minutes=10))
    from django.http import QueryDict

    save_answer(attempt_uuid=attempt.uuid, learner=learner, position=1, data=QueryDict(f"choice={second}"))
    response = post(
        client, f"/offline/attempts/{attempt.uuid}/answer.json", answer_data(attempt, 1, first, chosen_offline)
    )
    assert response.json()["kept"] is False
    assert Answer.objects.get(attempt=attempt, position=1).response == {"choice": int(second)}


def test_a_wrong_device_clock_is_corrected_by_the_time_it_was_sent(quiz_setup):
    client, _learner, _quiz, attempt = quiz_setup
    ahead = timedelta(hours=5)  # the phone's clock is five hours fast
    data = answer_data(attempt, 1, options(attempt, 1)[0], now_ms(ahead - timedelta(minutes=2)), sent_at=now_ms(ahead))
    assert post(client, f"/offline/attempts/{attempt.uuid}/answer.json", data).status_code == 200
    saved_at = Answer.objects.get(attempt=attempt, position=1).saved_at
    assert timedelta(minutes=1) < timezone.now() - saved_at < timedelta(minutes=3)


@pytest.mark.parametrize(("lang", "words"), [("km", "តេស្ត"), ("lo", "ແບບທົດສອບ")])
def test_an_answer_for_a_quiz_closed_meanwhile_is_refused_in_the_learners_language(quiz_setup, lang, words):
    client, _learner, quiz, attempt = quiz_setup
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save()
    data = answer_data(attempt, 1, options(attempt, 1)[0], now_ms(-timedelta(minutes=30)), lang=lang)
    response = post(client, f"/offline/attempts/{attempt.uuid}/answer.json", data)
    assert response.status_code == 409
    assert words in response.content.decode()
    assert Answer.objects.get(attempt=attempt, position=1).response is None


def test_a_queued_submission_grades_the_attempt_once(quiz_setup):
    client, _learner, _quiz, attempt = quiz_setup
    url = f"/offline/attempts/{attempt.uuid}/submit.json"
    key = str(uuid.uuid4())
    first = post(client, url, {"sent_at": now_ms(), "lang": "km"}, key)
    again = post(client, url, {"sent_at": now_ms(), "lang": "km"}, key)
    assert first.status_code == again.status_code == 200
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.SUBMITTED
    later = post(client, url, {"sent_at": now_ms(), "lang": "km"})  # another identity: the attempt is closed
    assert later.status_code == 409


def test_a_timed_quiz_takes_no_answer_from_the_outbox(quiz_setup):
    client, _learner, quiz, attempt = quiz_setup
    quiz.time_limit_minutes = 30
    quiz.save()
    data = answer_data(attempt, 1, options(attempt, 1)[0], now_ms())
    assert post(client, f"/offline/attempts/{attempt.uuid}/answer.json", data).status_code == 409


def test_another_learners_attempt_is_not_found(quiz_setup):
    _client, _learner, _quiz, attempt = quiz_setup
    other = Client()
    other.force_login(make_staff(username="someone-else"))
    data = answer_data(attempt, 1, options(attempt, 1)[0], now_ms())
    assert post(other, f"/offline/attempts/{attempt.uuid}/answer.json", data).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"position": "1", "chosen_at": "soon", "sent_at": "1"},
        {"position": "1", "chosen_at": "2", "sent_at": "1"},  # done after it was sent
        {"position": "9", "chosen_at": "1", "sent_at": "2"},
        {"position": "1", "chosen_at": "1" * 40, "sent_at": "1" * 40},
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(quiz_setup, data):
    client, _learner, _quiz, attempt = quiz_setup
    assert post(client, f"/offline/attempts/{attempt.uuid}/answer.json", data).status_code == 400
    assert not Answer.objects.filter(attempt=attempt, response__isnull=False).exists()


@pytest.fixture
def meeting_setup(client):
    cohort = make_cohort(start_in=timedelta(hours=-3), meeting_length=timedelta(hours=2))
    participation = registered(cohort, 1)[0]
    client.force_login(participation.person)
    return client, cohort.meetings.get(), participation


def test_a_code_typed_in_time_without_signal_checks_in_as_present_when_sent_hours_later(meeting_setup):
    client, meeting, participation = meeting_setup
    typed = meeting.starts_at + timedelta(minutes=2)
    ago = timezone.now() - typed
    data = {"code": meeting.checkin_code.lower(), "entered_at": now_ms(-ago), "sent_at": now_ms(), "lang": "km"}
    key = str(uuid.uuid4())
    assert post(client, "/offline/check-in.json", data, key).status_code == 200
    assert post(client, "/offline/check-in.json", data, key).status_code == 200
    record = AttendanceRecord.objects.get(meeting=meeting, participation=participation)
    assert record.status == AttendanceRecord.Status.PRESENT
    assert AttendanceRecord.objects.filter(meeting=meeting).count() == 1


def test_a_code_typed_outside_the_check_in_window_is_refused(meeting_setup):
    client, meeting, _participation = meeting_setup
    data = {"code": meeting.checkin_code, "entered_at": now_ms(), "sent_at": now_ms(), "lang": "lo"}
    response = post(client, "/offline/check-in.json", data)
    assert response.status_code == 400
    assert "ຄູຝຶກ" in response.content.decode()
    assert not AttendanceRecord.objects.filter(meeting=meeting).exists()
