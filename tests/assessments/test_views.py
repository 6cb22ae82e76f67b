"""Quiz pages: taking a quiz over HTTP, the answer key withheld until the rules allow, figures and exports."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import Answer, Attempt, Question
from assessments.services import save_answer, start_attempt, submit_attempt
from courses.services import enrol
from people.models import Country, Role
from people.services import grant_role

from ..factories import make_staff
from .helpers import as_query, correct_post, make_question, make_quiz, wrong_post

pytestmark = pytest.mark.django_db

KEY_MARKERS = ("Option feedback", "General feedback", "option-correct", "Correct answer:", 'data-testid="feedback"')


def _quiz_url(quiz, lang="en"):
    return f"/{lang}/quizzes/{quiz.uuid}/"


def _attempt_url(attempt, lang="en"):
    return f"/{lang}/quizzes/attempts/{attempt.uuid}/"


def _start(client, quiz):
    response = client.post(_quiz_url(quiz))
    assert response.status_code == 302
    return Attempt.objects.get(quiz=quiz, status="open")


def _answers(attempt):
    return list(Answer.objects.filter(attempt=attempt).select_related("version"))


def _keyed_quiz(course, category, **settings):
    questions = [
        make_question(category, general_feedback="General feedback one"),
        make_question(category, "short_text", accepted_answers="Secret answer"),
        make_question(category, "numeric", numeric_answer=424242),
        make_question(category, "ordering", options=[("first", True), ("second", True), ("third", True)]),
    ]
    return make_quiz(course, questions, **settings)


def _assert_no_key(html, quiz):
    for marker in KEY_MARKERS + ("Secret answer", "424242"):
        assert marker not in html, marker


@pytest.mark.parametrize("timing", ["after_submission", "after_close", "never", "immediately"])
def test_the_answer_key_is_absent_before_the_rules_allow(logged_in, learner, course, category, enrolment, timing):
    quiz = _keyed_quiz(course, category, feedback_timing=timing, closes_at=timezone.now() + timedelta(days=1))
    _assert_no_key(logged_in.get(_quiz_url(quiz)).content.decode(), quiz)
    attempt = _start(logged_in, quiz)
    for answer in _answers(attempt):
        html = logged_in.get(_attempt_url(attempt) + f"?q={answer.position}").content.decode()
        _assert_no_key(html, quiz)
    # Saving an answer (a wrong one: the page would echo a right one back) never reveals the key except "immediately".
    first = _answers(attempt)[1]
    logged_in.post(_attempt_url(attempt), {"position": first.position, "text": "my guess"})
    html = logged_in.get(_attempt_url(attempt) + f"?q={first.position}").content.decode()
    if timing == "immediately":
        assert "Secret answer" in html and "my guess" in html and 'name="text"' in html and "disabled" in html
    else:
        _assert_no_key(html, quiz)
    logged_in.post(f"/en/quizzes/attempts/{attempt.uuid}/submit/")
    result = logged_in.get(f"/en/quizzes/attempts/{attempt.uuid}/result/").content.decode()
    if timing in ("after_submission", "immediately"):
        assert "Secret answer" in result and "General feedback one" in result and "424242" in result
    else:
        _assert_no_key(result, quiz)
        _assert_no_key(logged_in.get(_quiz_url(quiz)).content.decode(), quiz)


def test_after_close_reveals_the_key_once_the_quiz_has_closed(logged_in, course, category, enrolment):
    quiz = _keyed_quiz(course, category, feedback_timing="after_close", closes_at=timezone.now() + timedelta(hours=1))
    attempt = _start(logged_in, quiz)
    logged_in.post(f"/en/quizzes/attempts/{attempt.uuid}/submit/")
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save()
    assert "Secret answer" in logged_in.get(f"/en/quizzes/attempts/{attempt.uuid}/result/").content.decode()


def test_take_a_quiz_over_http_with_progress_and_time_left(logged_in, quiz):
    quiz.time_limit_minutes = 10
    quiz.save()
    attempt = _start(logged_in, quiz)
    html = logged_in.get(_attempt_url(attempt)).content.decode()
    assert "Answered 0 of 3" in html and "About 10 minutes left" in html
    answers = _answers(attempt)
    response = logged_in.post(_attempt_url(attempt), {"position": 1, **correct_post(answers[0])})
    assert response.status_code == 302 and response["Location"].endswith("?q=2#question")
    html = logged_in.get(_attempt_url(attempt) + "?q=1").content.decode()
    assert "Answered 1 of 3" in html and "checked" in html
    for answer in answers[1:]:
        logged_in.post(_attempt_url(attempt), {"position": answer.position, **wrong_post(answer)})
    logged_in.post(f"/en/quizzes/attempts/{attempt.uuid}/submit/")
    html = logged_in.get(f"/en/quizzes/attempts/{attempt.uuid}/result/").content.decode()
    assert "You scored 33.3%" in html and "Not passed" in html


def test_another_learners_attempt_is_not_found(client, quiz, learner):
    attempt = start_attempt(quiz=quiz, learner=learner)
    client.force_login(make_staff(username="other"))
    assert client.get(_attempt_url(attempt)).status_code == 404
    assert client.get(f"/en/quizzes/attempts/{attempt.uuid}/result/").status_code == 404
    assert client.post(_attempt_url(attempt), {"position": 1, "choice": "1"}).status_code == 404


def test_pages_speak_khmer_and_lao(logged_in, quiz):
    attempt = _start(logged_in, quiz)
    assert "ឆ្លើយ" in logged_in.get(_attempt_url(attempt, "km")).content.decode()
    assert "ຕອບ" in logged_in.get(_attempt_url(attempt, "lo")).content.decode()
    assert "សំណួរ" in logged_in.get(_attempt_url(attempt, "km")).content.decode()  # the stem in Khmer


def test_course_page_and_my_learning_show_quizzes_and_grades(logged_in, learner, quiz, course):
    attempt = _start(logged_in, quiz)
    for answer in _answers(attempt):
        logged_in.post(_attempt_url(attempt), {"position": answer.position, **correct_post(answer)})
    logged_in.post(f"/en/quizzes/attempts/{attempt.uuid}/submit/")
    html = logged_in.get(f"/en{course.url_path[len('/courses') :]}").content.decode()
    assert str(quiz.uuid) in html and "100%" in html
    assert "100%" in logged_in.get("/en/learning/").content.decode()


def _submitted_attempts(quiz, *learners):
    """Learners who each take the quiz once: the first right on every question, the next wrong, and so on."""
    for number, learner in enumerate(learners):
        enrol(learner=learner, course=quiz.course)
        attempt = start_attempt(quiz=quiz, learner=learner)
        for answer in _answers(attempt):
            post = correct_post(answer) if number % 2 == 0 else wrong_post(answer)
            save_answer(attempt_uuid=attempt.uuid, learner=learner, position=answer.position, data=as_query(post))
        submit_attempt(attempt_uuid=attempt.uuid, learner=learner)


def _kh_hr(username="hr-kh"):
    hr = make_staff(username=username, country="KH", roles=[])
    grant_role(user=hr, role=Role.HR_PLANNER, country=Country.objects.get(code="KH"))
    return hr


def _export_table(response):
    """Header and data rows of a core.exports CSV (title rows above the header are skipped)."""
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = next(i for i, row in enumerate(rows) if row and row[0] in ("Question", "Learner"))
    return rows[header], rows[header + 1 :]


def test_figures_need_a_trainer_hr_or_admin_and_respect_scope(client, quiz):
    kh = make_staff(username="kh1", country="KH")
    la = make_staff(username="la1", country="LA")
    _submitted_attempts(quiz, kh, la)
    url = f"/en/quizzes/{quiz.uuid}/figures/"
    client.force_login(kh)
    assert client.get(url).status_code == 403
    assert client.get(url + "?export=csv").status_code == 403
    admin = make_staff(username="boss", roles=["administrator"])
    client.force_login(admin)
    html = client.get(url).content.decode()
    assert 'data-testid="attempts">2<' in html and 'data-testid="pass-rate">50.0%<' in html
    hr = make_staff(username="hrla", country="LA", roles=[])
    grant_role(user=hr, role=Role.HR_PLANNER, country=Country.objects.get(code="LA"))
    client.force_login(hr)
    html = client.get(url).content.decode()
    assert 'data-testid="attempts">1<' in html and 'data-testid="pass-rate">0.0%<' in html


def test_item_analysis_exports_as_csv_and_xlsx(client, quiz):
    _submitted_attempts(quiz, make_staff(username="a1"), make_staff(username="a2"))
    client.force_login(_kh_hr())
    header, rows = _export_table(client.get(f"/en/quizzes/{quiz.uuid}/figures/?export=csv"))
    assert header[0] == "Question" and rows[0][1] == "2" and rows[0][2] == "50.0"
    assert ["", "", "", rows[1][3], "50.0", "yes"] == rows[1]
    response = client.get(f"/en/quizzes/{quiz.uuid}/figures/?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    first = values[[row[0] for row in values].index("Question") + 1]
    assert first[1] == 2 and first[2] == 50.0
    assert client.get(f"/en/quizzes/{quiz.uuid}/figures/?export=pdf").status_code == 400


def test_knowledge_gain_is_post_minus_pre(client, course, category, enrolment, learner):
    questions = [make_question(category) for _ in range(2)]
    pre = make_quiz(course, questions, role="pre_test", title="Pre")
    post = make_quiz(course, questions, role="post_test", title="Post")
    for quiz, post_fn in ((pre, [wrong_post, correct_post]), (post, [correct_post, correct_post])):
        attempt = start_attempt(quiz=quiz, learner=learner)
        for answer, fn in zip(_answers(attempt), post_fn, strict=True):
            save_answer(attempt_uuid=attempt.uuid, learner=learner, position=answer.position, data=as_query(fn(answer)))
        submit_attempt(attempt_uuid=attempt.uuid, learner=learner)
    client.force_login(_kh_hr())
    html = client.get(f"/en/quizzes/{post.uuid}/knowledge-gain/").content.decode()
    assert 'data-testid="average-gain">50.0<' in html
    _header, rows = _export_table(client.get(f"/en/quizzes/{post.uuid}/knowledge-gain/?export=csv"))
    assert rows[0][1:] == ["50.0", "100.0", "50.0"]


def test_regrade_page_is_for_editors(client, quiz):
    question = Question.objects.filter(pk__in=quiz.items.values("question_id")).first()
    client.force_login(make_staff(username="plain"))
    assert client.post(f"/en/quizzes/questions/{question.pk}/regrade/").status_code == 403
    client.force_login(make_staff(username="ed", roles=["content_editor"]))
    assert client.post(f"/en/quizzes/questions/{question.pk}/regrade/").status_code == 302
    assert question.regrades.count() == 1


@pytest.mark.parametrize("model", ["quiz", "question", "questionbank", "category", "regrade"])
def test_editors_manage_quizzes_in_the_wagtail_admin(client, quiz, model):
    client.force_login(make_staff(username="writer", roles=["content_editor"]))
    assert client.get(f"/admin/snippets/assessments/{model}/").status_code == 200
    if model != "regrade":
        assert client.get(f"/admin/snippets/assessments/{model}/add/").status_code == 200
    if model == "question":
        html = client.get(f"/admin/snippets/assessments/{model}/").content.decode()
        assert "/quizzes/questions/" in html and "/regrade/" in html


def test_item_analysis_skips_option_shares_for_ordering(client, course, category):
    question = make_question(category, "ordering", options=[("a", True), ("b", True)])
    quiz = make_quiz(course, [question])
    _submitted_attempts(quiz, make_staff(username="o1"))
    client.force_login(make_staff(username="t", roles=["administrator"]))
    _header, rows = _export_table(client.get(f"/en/quizzes/{quiz.uuid}/figures/?export=csv"))
    assert len(rows) == 1 and rows[0][1:3] == ["1", "100.0"]


def test_learners_cannot_open_the_quiz_admin(client, quiz):
    client.force_login(make_staff(username="plainlearner"))
    assert client.get("/admin/snippets/assessments/quiz/").status_code in (302, 403)


def test_matching_pages_post_places_not_option_ids(logged_in, course, category, enrolment):
    for _ in range(3):
        make_question(category)  # so that option ids are larger than the number of pairs
    question = make_question(
        category, "matching", options=[("cat", True, "meow"), ("dog", True, "woof"), ("cow", True, "moo")]
    )
    quiz = make_quiz(course, [question])
    attempt = _start(logged_in, quiz)
    html = logged_in.get(_attempt_url(attempt)).content.decode()
    ids = {str(pk) for pk in question.options.values_list("pk", flat=True)}
    values = set(re.findall(r'<option value="(\d+)"', html))
    assert values == {"1", "2", "3"} and not values & ids
    answer = _answers(attempt)[0]
    assert logged_in.post(_attempt_url(attempt), {"position": 1, **correct_post(answer)}).status_code == 302
    logged_in.post(f"/en/quizzes/attempts/{attempt.uuid}/submit/")
    assert Attempt.objects.get(pk=attempt.pk).percent == 100
