"""Quiz results on the roster, and a cohort's completion: attendance AND the course's required quizzes."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from assessments.models import Attempt, AttemptStatus
from cohorts.models import CertifiedTrainer
from cohorts.selectors import roster
from cohorts.services import record_attendance
from courses.completion import requirements_for
from courses.models import Enrolment

from ..assessments.helpers import make_category, make_question, make_quiz, take
from ..factories import make_course, make_staff
from .factories import make_cohort, registered

pytestmark = pytest.mark.django_db


def _tests(course, *, questions=4):
    category = make_category(course)
    pre = make_quiz(course, [make_question(category) for _ in range(questions)], role="pre_test", title="Before")
    post = make_quiz(
        course,
        [make_question(category) for _ in range(questions)],
        role="post_test",
        title="After",
        required_for_completion=True,
        pass_mark=75,
    )
    return pre, post


def _kept_from_attempts(quiz_ids):
    """Highest submitted percent per (learner, quiz), read from the attempts themselves."""
    kept = {}
    for learner_id, quiz_id, percent in Attempt.objects.filter(
        quiz_id__in=quiz_ids, status=AttemptStatus.SUBMITTED
    ).values_list("learner_id", "quiz_id", "percent"):
        kept[learner_id, quiz_id] = max(percent, kept.get((learner_id, quiz_id), percent))
    return kept


def _shown(value, sign=False):
    if value is None:
        return "—"
    text = f"{value.normalize():f}" if value != value.to_integral() else str(int(value))
    return ("+" if sign and value > 0 else "") + text


def _cells(html):
    """{row name: {testid: text}} for the roster's rows and its average line."""
    rows = {}
    for block in re.findall(r'<tr role="row"[^>]*data-testid="roster-(?:row|average)">(.*?)</tr>', html, re.S):
        name = re.search(r'role="rowheader">(.*?)</th>', block, re.S).group(1).strip()
        cells = dict(re.findall(r'data-testid="(pre|post|gain|quizzes)">(.*?)</td>', block, re.S))
        rows[name] = {key: re.sub(r"<[^>]+>", "", text).strip() for key, text in cells.items()}
    return rows


def test_roster_shows_pre_post_gain_and_quizzes_as_computed_from_the_attempts(client):
    trainer = make_staff(roles=["trainer"])
    course = make_course(modules=0, lessons=0, tier="provincial")
    pre, post = _tests(course)
    cohort = make_cohort(course=course, trainers=[trainer], meetings=2)
    ana, bo, chan, dara = (p.person for p in registered(cohort, 4))
    plan = {  # learner: [(quiz, questions answered right), ...] in the order taken
        ana: [(pre, 1), (post, 4)],
        bo: [(pre, 2), (post, 1), (post, 3)],  # second post-test attempt is the one kept
        chan: [(pre, 3), (post, 4), (post, 2)],  # highest kept, not the latest
        dara: [(pre, 0)],
    }
    for person, attempts in plan.items():
        for quiz, right in attempts:
            take(quiz, person, right=right)
    # Someone in another cohort of the same course took the test too: not in this roster.
    outsider = registered(make_cohort(course=course), 1)[0].person
    take(pre, outsider, right=4)

    kept = _kept_from_attempts([pre.pk, post.pk])
    expected = {}
    for person in plan:
        before, after = kept.get((person.pk, pre.pk)), kept.get((person.pk, post.pk))
        expected[person.pk] = (before, after, None if before is None or after is None else after - before)
    assert expected[ana.pk] == (25, 100, 75) and expected[bo.pk] == (50, 75, 25) and expected[chan.pk][1] == 100

    result = roster(cohort)
    by_person = {row.participation.person_id: row for row in result.rows}
    for person_id, (before, after, gain) in expected.items():
        row = by_person[person_id]
        assert (row.quiz.pre, row.quiz.post, row.quiz.gain) == (before, after, gain)
        assert row.quizzes_passed == (after is not None and after >= post.pass_mark)
    assert result.averages["pre"] == round(Decimal(25 + 50 + 75 + 0) / 4, 1)
    assert result.averages["post"] == round(Decimal(100 + 75 + 100) / 3, 1)
    assert result.averages["gain"] == round(Decimal(75 + 25 + 25) / 3, 1)
    assert result.averages["required_met"] == 3

    client.force_login(trainer)
    cells = _cells(client.get(f"/en/cohorts/{cohort.public_id}/roster/").content.decode())
    for person in plan:
        before, after, gain = expected[person.pk]
        shown = cells[person.display_name]
        assert shown["pre"] == (_shown(before) + "%" if before is not None else "—")
        assert shown["post"] == (_shown(after) + "%" if after is not None else "—")
        assert shown["gain"] == _shown(gain, sign=True)
        assert shown["quizzes"] == ("Passed" if after is not None and after >= 75 else "0 of 1 passed")
    assert cells["Cohort average"] == {"pre": "37.5%", "post": "91.7%", "gain": "+41.7", "quizzes": "3 of 4 passed"}
    assert outsider.display_name not in cells


def _completion_case(tier="tot"):
    course = make_course(modules=0, lessons=0, tier=tier)
    _pre, post = _tests(course, questions=4)
    cohort = make_cohort(course=course, meetings=2, min_attendance_percent=100, start_in=timedelta(days=-10))
    (participation,) = registered(cohort, 1)
    return cohort, post, participation


def _requirements(participation):
    enrolment = Enrolment.objects.get(pk=participation.enrolment_id)
    return enrolment.completed_at, {r.key: r.met for r in requirements_for(enrolment)}


def test_full_attendance_with_a_failed_post_test_is_not_complete_until_passed(django_capture_on_commit_callbacks):
    cohort, post, participation = _completion_case()
    person = participation.person
    with django_capture_on_commit_callbacks(execute=True):
        for meeting in cohort.meetings.all():
            record_attendance(meeting=meeting, statuses={participation.pk: "present"})
    assert _requirements(participation) == (None, {"attendance": True, "quizzes": False})

    with django_capture_on_commit_callbacks(execute=True):
        take(post, person, right=2)  # 50%, pass mark 75%
    assert _requirements(participation) == (None, {"attendance": True, "quizzes": False})
    assert not CertifiedTrainer.objects.filter(person=person).exists()

    with django_capture_on_commit_callbacks(execute=True):
        take(post, person, right=3)  # 75%: passed
    completed_at, met = _requirements(participation)
    assert completed_at is not None and met == {"attendance": True, "quizzes": True}
    # The same completion event as any course: the ToT graduate becomes a certified trainer.
    assert CertifiedTrainer.objects.filter(person=person, cohort=cohort).exists()


def test_a_passed_post_test_without_enough_attendance_is_not_complete(django_capture_on_commit_callbacks):
    cohort, post, participation = _completion_case(tier="provincial")
    first, second = cohort.meetings.all()
    with django_capture_on_commit_callbacks(execute=True):
        take(post, participation.person, right=4)
        record_attendance(meeting=first, statuses={participation.pk: "present"})
        record_attendance(meeting=second, statuses={participation.pk: "absent"})
    assert _requirements(participation) == (None, {"attendance": False, "quizzes": True})
    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(meeting=second, statuses={participation.pk: "late"})
    assert _requirements(participation)[0] is not None
