"""The quiz journey without JavaScript: every navigation control saves first; submit confirms and lists what is
unanswered; the review shows each question's own answer; bad numbers and late submits never lock anyone out
(issue 10 items 1-2, issue 11 findings 7 and 12)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Answer, Attempt, AttemptStatus, Question
from assessments.services import start_attempt

from ..factories import make_staff
from .helpers import correct_post, make_question, make_quiz

pytestmark = pytest.mark.django_db


def _url(attempt, lang="en", tail=""):
    return f"/{lang}/quizzes/attempts/{attempt.uuid}/{tail}"


def _answers(attempt):
    return list(Answer.objects.filter(attempt=attempt).select_related("version").order_by("position"))


@pytest.fixture
def attempt(quiz, learner):
    return start_attempt(quiz=quiz, learner=learner)


@pytest.mark.parametrize(
    ("go", "lands_on"),
    [("next", "?q=3#question"), ("previous", "?q=1#question"), ("1", "?q=1#question"), ("submit", "/submit/")],
)
def test_every_navigation_control_saves_the_answer_first(logged_in, attempt, go, lands_on):
    answer = _answers(attempt)[1]
    response = logged_in.post(_url(attempt), {"position": 2, "go": go, **correct_post(answer)})
    assert response.status_code == 302 and response["Location"].endswith(lands_on)
    saved = Answer.objects.get(attempt=attempt, position=2)
    assert saved.response == {"choice": int(correct_post(answer)["choice"])}


def test_next_goes_to_the_next_question_and_back_shows_the_answer(logged_in, attempt):
    first = _answers(attempt)[0]
    response = logged_in.post(_url(attempt), {"position": 1, "go": "next", **correct_post(first)})
    assert response["Location"].endswith("?q=2#question")
    html = logged_in.get(_url(attempt) + "?q=1").content.decode()
    assert re.search(rf'value="{correct_post(first)["choice"]}" checked', html)


def test_moving_on_from_an_unanswered_question_saves_nothing_and_is_not_an_error(logged_in, attempt):
    response = logged_in.post(_url(attempt), {"position": 1, "go": "next"})
    assert response.status_code == 302 and response["Location"].endswith("?q=2#question")
    assert not Answer.objects.filter(attempt=attempt, response__isnull=False).exists()


def test_every_control_is_a_submit_button_of_the_one_form(logged_in, attempt):
    html = logged_in.get(_url(attempt) + "?q=2").content.decode()
    start = html.index('data-testid="question-form"')
    form = html[start : html.index("</form>", start)]
    for value in ("previous", "next", "save", "submit", "1", "2", "3"):
        assert f'type="submit" name="go" value="{value}"' in form, value
    assert 'href="?q=' not in html  # no plain link that would throw the choice away
    assert "assessments/quiz.js" in html and "data-autosave-url" in html


def test_submit_asks_for_confirmation_and_lists_unanswered_questions(logged_in, attempt):
    first = _answers(attempt)[0]
    logged_in.post(_url(attempt), {"position": 1, "go": "submit", **correct_post(first)})
    html = logged_in.get(_url(attempt, tail="submit/")).content.decode()
    assert "2 questions are not answered yet" in html
    assert f'{_url(attempt)}?q=2#question">Question 2<' in html and f'{_url(attempt)}?q=3#question">Question 3<' in html
    assert Attempt.objects.get(pk=attempt.pk).is_open  # nothing submitted until confirmed
    km = logged_in.get(_url(attempt, "km", "submit/")).content.decode()
    lo = logged_in.get(_url(attempt, "lo", "submit/")).content.decode()
    assert "Submit the quiz?" not in km and "Submit the quiz?" not in lo
    assert logged_in.post(_url(attempt, tail="submit/")).status_code == 302
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.SUBMITTED


def test_the_review_shows_each_questions_own_answer(logged_in, attempt):
    answers = _answers(attempt)
    chosen = {}
    for answer in answers:
        option = answer.version.data["options"][answer.position % 3]  # a different option on each question
        chosen[answer.position] = option["text"]["en"]
        logged_in.post(_url(attempt), {"position": answer.position, "choice": str(option["id"])})
    logged_in.post(_url(attempt, tail="submit/"))
    html = logged_in.get(_url(attempt, tail="result/")).content.decode()
    assert "<input" not in html.split('id="main"')[-1] or 'name="choice"' not in html  # read-only: no shared names
    for position, text in chosen.items():
        block = html[html.index(f'data-testid="review-{position}"') :]
        block = block[: block.index('data-testid="review-', 10)] if 'data-testid="review-' in block[10:] else block
        assert re.search(r'data-testid="your-answer">' + re.escape(text), block), (position, text)


def test_the_review_hides_the_key_when_feedback_is_never_shown(logged_in, course, category, enrolment, learner):
    quiz = make_quiz(course, [make_question(category)], feedback_timing="never")
    attempt = start_attempt(quiz=quiz, learner=learner)
    answer = _answers(attempt)[0]
    logged_in.post(_url(attempt), {"position": 1, **correct_post(answer)})
    logged_in.post(_url(attempt, tail="submit/"))
    html = logged_in.get(_url(attempt, tail="result/")).content.decode()
    assert (
        'data-testid="your-answer"' in html and '">correct answer<' not in html and 'data-testid="feedback"' not in html
    )


def test_the_correct_short_answer_is_shown_in_the_learners_language_only(
    logged_in, course, category, enrolment, learner
):
    question = make_question(
        category,
        "short_text",
        accepted_answers_en="job centre",
        accepted_answers_km="មជ្ឈមណ្ឌលការងារ",
        accepted_answers_lo="ສູນຈັດຫາງານ",
    )
    quiz = make_quiz(course, [question])
    attempt = start_attempt(quiz=quiz, learner=learner)
    logged_in.post(_url(attempt), {"position": 1, "text": "ສູນຈັດຫາງານ"})
    logged_in.post(_url(attempt, tail="submit/"))
    assert Attempt.objects.get(pk=attempt.pk).percent == 100  # graded against every language's answers
    km = logged_in.get(_url(attempt, "km", "result/")).content.decode()
    assert "មជ្ឈមណ្ឌលការងារ" in km and "job centre" not in km.split("Correct")[-1] and "ສູນຈັດຫາງານ ·" not in km
    correct = km[km.index('data-testid="feedback"') :]
    assert "ສູນຈັດຫາງານ" not in correct and "job centre" not in correct


@pytest.mark.parametrize("value", ["1E+1000000", "nan", "NaN", "inf", "-Infinity", "9" * 10000, "1e3", "0x10", "1.2.3"])
def test_bad_numbers_are_a_translated_400_and_store_nothing(logged_in, course, category, enrolment, learner, value):
    quiz = make_quiz(course, [make_question(category, "numeric", numeric_answer=42)])
    attempt = start_attempt(quiz=quiz, learner=learner)
    response = logged_in.post(_url(attempt, "km"), {"position": 1, "value": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and re.search("[\u1780-\u17ff]", html.split('role="alert"')[1])
    assert Answer.objects.get(attempt=attempt).response is None
    assert logged_in.post(_url(attempt, tail="submit/")).status_code == 302


@pytest.mark.parametrize(("value", "score"), [("42", 100), ("៤២", 100), ("42,0", 100), ("-7.5", 0)])
def test_numbers_in_khmer_digits_and_with_a_comma_are_accepted(
    logged_in, course, category, enrolment, learner, value, score
):
    quiz = make_quiz(course, [make_question(category, "numeric", numeric_answer=42)])
    attempt = start_attempt(quiz=quiz, learner=learner)
    assert logged_in.post(_url(attempt), {"position": 1, "value": value}).status_code == 302
    logged_in.post(_url(attempt, tail="submit/"))
    assert Attempt.objects.get(pk=attempt.pk).percent == score


def test_a_huge_number_stored_before_the_fix_still_grades_and_a_late_learner_is_not_locked_out(
    logged_in, course, category, enrolment, learner
):
    """Finding 7: past the deadline, every path grades what was saved; none of them fails."""
    quiz = make_quiz(
        course, [make_question(category, "numeric", numeric_answer=42), make_question(category)], time_limit_minutes=5
    )
    attempt = start_attempt(quiz=quiz, learner=learner)
    Answer.objects.filter(attempt=attempt, position=1).update(response={"value": "1E+1000000"})
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    response = logged_in.post(_url(attempt), {"position": 2, "go": "next", "choice": "1"})
    assert response.status_code == 302 and response["Location"].endswith("/result/")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.percent == 0
    assert logged_in.get(_url(attempt, tail="result/")).status_code == 200
    assert logged_in.post(_url(attempt, tail="submit/")).status_code == 302  # a second submit is harmless
    assert logged_in.post(_url(attempt, tail="answer/"), {"position": 1, "value": "3"}).status_code == 409
    assert logged_in.post(f"/en/quizzes/{quiz.uuid}/").status_code == 302  # and may start again


def test_the_autosave_endpoint_saves_one_answer_and_answers_json(logged_in, attempt):
    answer = _answers(attempt)[1]
    response = logged_in.post(_url(attempt, tail="answer/"), {"position": 2, **correct_post(answer)})
    assert response.status_code == 200 and response.json()["saved"] is True
    assert Answer.objects.get(attempt=attempt, position=2).response is not None
    assert logged_in.post(_url(attempt, tail="answer/"), {"position": 2, "choice": "x"}).status_code == 400
    assert logged_in.get(_url(attempt, tail="answer/")).status_code == 405


def test_another_learners_attempt_cannot_be_autosaved_or_confirmed(client, attempt):
    client.force_login(make_staff(username="intruder"))
    assert client.post(_url(attempt, tail="answer/"), {"position": 1, "choice": "1"}).status_code == 404
    assert client.get(_url(attempt, tail="submit/")).status_code == 404
    assert not Answer.objects.filter(attempt=attempt, response__isnull=False).exists()


def test_a_timed_quiz_shows_a_countdown_from_the_servers_deadline(logged_in, course, category, enrolment, learner):
    quiz = make_quiz(course, [make_question(category)], time_limit_minutes=10)
    attempt = start_attempt(quiz=quiz, learner=learner)
    html = logged_in.get(_url(attempt)).content.decode()
    seconds = int(re.search(r'data-seconds-left="(\d+)"', html).group(1))
    assert 590 <= seconds <= 600 and 'role="timer"' in html


@pytest.mark.parametrize("question_id", ["99999999999999999999", str(2**63), "0"])
def test_huge_question_ids_are_404_not_500(client, question_id):
    client.force_login(make_staff(username="ed", roles=["content_editor"]))
    assert client.get(f"/en/quizzes/questions/{question_id}/regrade/").status_code == 404
    assert client.post(f"/en/quizzes/questions/{question_id}/regrade/").status_code == 404


def test_a_role_badge_is_not_printed_twice(logged_in, course, category, enrolment):
    make_quiz(course, [make_question(category)], role="pre_test", title="Pre-test")
    make_quiz(course, [make_question(category)], role="post_test", title="Final check")
    html = logged_in.get(f"/en{course.url_path[len('/courses') :]}").content.decode()
    section = html[html.index('data-testid="quiz-section"') :]
    assert section.count("Pre-test") == 1 and section.count("Post-test") == 1
    assert Question.objects.count() == 2
