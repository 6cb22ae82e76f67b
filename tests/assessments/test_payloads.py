"""Property tests: arbitrary and malformed answer payloads get a 4xx with a message, never a 500, and store nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Answer, Attempt
from assessments.services import start_attempt

from ..factories import make_staff
from .helpers import make_question, make_quiz

pytestmark = pytest.mark.django_db

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
KINDS = ["single", "multiple", "numeric", "short_text", "ordering", "matching"]


@pytest.fixture
def attempt(course, category, enrolment, learner):
    questions = [
        make_question(category, "single"),
        make_question(category, "multiple"),
        make_question(category, "numeric", numeric_answer=5),
        make_question(category, "short_text", accepted_answers="yes"),
        make_question(category, "ordering", options=[("a", True), ("b", True), ("c", True)]),
        make_question(category, "matching", options=[("x", True, "1"), ("y", True, "2")]),
    ]
    return start_attempt(quiz=make_quiz(course, questions), learner=learner)


def _stored(attempt):
    return list(Answer.objects.filter(attempt=attempt).order_by("position").values_list("response", "saved_at"))


def _url(attempt):
    return f"/en/quizzes/attempts/{attempt.uuid}/"


def _assert_refused(response, before, attempt, *, statuses=(400, 404, 409)):
    assert response.status_code in statuses, response.status_code
    assert 'class="card error-card" role="alert"' in response.content.decode()  # the translated message page
    assert _stored(attempt) == before


junk = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(min_size=501, max_size=5000),
    st.sampled_from(
        ["", " ", "NaN", "Infinity", "-inf", "1e999999", "0x10", "١", "\u200b", "\x00", "None", "[]", "{}"]
    ),
)
field_names = st.sampled_from(
    ["choice", "value", "text", "rank-1", "rank-99999", "match-1", "order", "answer", "position"]
)


@PROPERTY
@given(
    position=st.integers(min_value=1, max_value=6),
    fields=st.dictionaries(field_names, st.lists(junk, max_size=3), max_size=4),
)
def test_arbitrary_payloads_never_500_and_refusals_store_nothing(logged_in, attempt, position, fields):
    before = _stored(attempt)
    data = {key: values for key, values in fields.items() if key != "position"}
    response = logged_in.post(_url(attempt), {"position": str(position), **data})
    assert response.status_code < 500
    if response.status_code != 302:
        _assert_refused(response, before, attempt)


def _unknown_ids(attempt):
    known = {
        o["id"]
        for a in Answer.objects.filter(attempt=attempt).select_related("version")
        for o in a.version.data["options"]
    }
    return st.integers(min_value=0, max_value=10**15).filter(lambda n: n not in known).map(str)


@PROPERTY
@given(data=st.data())
def test_unknown_option_ids_are_refused(logged_in, attempt, data):
    before = _stored(attempt)
    position = data.draw(st.sampled_from([1, 2]))
    choices = data.draw(st.lists(_unknown_ids(attempt), min_size=1, max_size=3))
    _assert_refused(logged_in.post(_url(attempt), {"position": position, "choice": choices}), before, attempt)


@PROPERTY
@given(
    value=st.one_of(
        st.text(min_size=1, max_size=40).filter(
            lambda s: not s.strip().replace(".", "", 1).replace("-", "", 1).isdigit()
        ),
        st.just("1" * 41),
    )
)
def test_non_numbers_are_refused(logged_in, attempt, value):
    before = _stored(attempt)
    response = logged_in.post(_url(attempt), {"position": 3, "value": value})
    if response.status_code != 302:  # "1e3" and such are numbers Decimal accepts
        _assert_refused(response, before, attempt)


@PROPERTY
@given(text=st.text(min_size=501, max_size=20000))
def test_huge_strings_are_refused(logged_in, attempt, text):
    before = _stored(attempt)
    _assert_refused(logged_in.post(_url(attempt), {"position": 4, "text": text}), before, attempt, statuses=(400,))


@PROPERTY
@given(position=st.one_of(st.integers(max_value=0), st.integers(min_value=7), st.text(max_size=10)).map(str))
def test_positions_outside_the_attempt_are_refused(logged_in, attempt, position):
    before = _stored(attempt)
    _assert_refused(
        logged_in.post(_url(attempt), {"position": position, "choice": "1"}), before, attempt, statuses=(400,)
    )


@PROPERTY
@given(position=st.integers(min_value=1, max_value=6), choice=st.integers(min_value=1, max_value=50).map(str))
def test_answers_to_another_learners_attempt_are_refused(client, attempt, position, choice):
    client.force_login(_intruder())
    before = _stored(attempt)
    response = client.post(_url(attempt), {"position": position, "choice": choice, "value": choice, "text": choice})
    _assert_refused(response, before, attempt, statuses=(404,))
    _assert_refused(client.post(_url(attempt) + "submit/"), before, attempt, statuses=(404,))
    assert Attempt.objects.get(pk=attempt.pk).is_open


def _intruder():
    from people.models import User

    return User.objects.filter(username="intruder").first() or make_staff(username="intruder")
