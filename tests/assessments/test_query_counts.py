"""Starting, saving an answer and submitting a 50-question quiz each run a bounded number of queries,
independent of the number of questions in the quiz or in the bank; the quiz pages too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Answer, Attempt
from courses.services import enrol

from ..factories import make_course, make_staff
from .helpers import correct_post, make_category, make_question, make_quiz

pytestmark = pytest.mark.django_db

MAX_START, MAX_SAVE, MAX_SUBMIT, MAX_PAGE = 22, 14, 24, 14


def _measure(client, *, bank_size, quiz_size, number):
    learner = make_staff(username=f"counted{number}")
    client.force_login(learner)
    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    category = make_category(course)
    kinds = ["single", "multiple", "true_false", "numeric", "short_text"]
    for i in range(bank_size):
        kind = kinds[i % len(kinds)]
        extra = (
            {"numeric_answer": 7} if kind == "numeric" else {"accepted_answers": "yes"} if kind == "short_text" else {}
        )
        make_question(category, kind, **extra)
    quiz = make_quiz(course, draws=[(category, quiz_size)], required_for_completion=True, shuffle_options=True)
    client.get(f"/en/quizzes/{quiz.uuid}/")  # warm per-process caches (site root, content types)
    # The set of courses taught in cohorts is built once per cohort change, by whichever request
    # needs it first (here the first submit): built now, so that both sizes count the same.
    from cohorts.completion import courses_with_cohorts

    courses_with_cohorts()
    counts = {}
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(f"/en/quizzes/{quiz.uuid}/").status_code == 302
    counts["start"] = len(ctx.captured_queries)
    attempt = Attempt.objects.get(learner=learner)
    answers = list(Answer.objects.filter(attempt=attempt).select_related("version"))
    assert len(answers) == quiz_size
    url = f"/en/quizzes/attempts/{attempt.uuid}/"
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(url, {"position": 1, **correct_post(answers[0])}).status_code == 302
    counts["save"] = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url + f"?q={quiz_size}").status_code == 200
    counts["question page"] = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(url + "submit/").status_code == 302
    counts["submit"] = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url + "result/").status_code == 200
    counts["result page"] = len(ctx.captured_queries)
    return counts


def test_start_save_submit_of_a_50_question_quiz_are_bounded(client):
    small = _measure(client, bank_size=5, quiz_size=5, number=1)
    large = _measure(client, bank_size=200, quiz_size=50, number=2)
    assert small == large, (small, large)
    assert large["start"] <= MAX_START and large["save"] <= MAX_SAVE and large["submit"] <= MAX_SUBMIT
    assert large["question page"] <= MAX_PAGE and large["result page"] <= MAX_PAGE


def test_starting_again_reuses_question_versions(client):
    _measure(client, bank_size=50, quiz_size=50, number=3)
    from assessments.models import QuestionVersion

    assert QuestionVersion.objects.count() == 50


@pytest.mark.parametrize("role", ["administrator", "trainer", "hr_planner"])
def test_figures_pages_do_not_grow_with_learners(client, role):
    """Also for a trainer (whose rows come through the cohorts hook) and a scoped HR planner."""
    from assessments.services import save_answer, start_attempt, submit_attempt
    from cohorts.services import assign
    from people.models import Country
    from people.services import grant_role

    from ..cohorts.factories import make_cohort
    from .helpers import as_query

    course = make_course(modules=1, lessons=1)
    category = make_category(course)
    quiz = make_quiz(course, [make_question(category) for _ in range(4)], role="post_test")
    viewer = make_staff(username="figures-viewer", roles=[role] if role != "hr_planner" else [])
    if role == "hr_planner":
        grant_role(user=viewer, role=role, country=Country.objects.get(code="KH"))
    cohort = make_cohort(course=course, trainers=[viewer], capacity=20)
    client.force_login(viewer)
    counts = []
    for batch in (1, 6):
        for n in range(batch):
            learner = make_staff(username=f"fig{batch}-{n}")
            assign(cohort=cohort, people=[learner], assigned_by=None)
            attempt = start_attempt(quiz=quiz, learner=learner)
            for answer in Answer.objects.filter(attempt=attempt).select_related("version"):
                save_answer(
                    attempt_uuid=attempt.uuid,
                    learner=learner,
                    position=answer.position,
                    data=as_query(correct_post(answer)),
                )
            submit_attempt(attempt_uuid=attempt.uuid, learner=learner)
        measured = []
        for url in (
            f"/en/quizzes/{quiz.uuid}/figures/",
            f"/en/quizzes/{quiz.uuid}/knowledge-gain/",
            f"/en/quizzes/{quiz.uuid}/figures/?export=xlsx",
        ):
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            measured.append(len(ctx.captured_queries))
        counts.append(measured)
        seen = 1 if batch == 1 else 7  # every learner's attempt is visible to each of these roles
        assert f'data-testid="attempts">{seen}<' in client.get(f"/en/quizzes/{quiz.uuid}/figures/").content.decode()
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= MAX_PAGE
