"""Writes of the assessments app: start, save, submit, grade, regrade. Views and commands call these."""

import random
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, Forbidden, NotFound, TimeUp
from courses.models import Enrolment
from courses.services import evaluate_completion

from . import grading
from .models import (
    Answer,
    Attempt,
    AttemptStatus,
    FeedbackTiming,
    GradePolicy,
    Question,
    QuestionKind,
    QuestionVersion,
    QuizGrade,
    Regrade,
)
from .signals import attempt_submitted


def _now():
    return timezone.now()


# Starting --------------------------------------------------------------------------------------


def _chosen_questions(quiz, rng):
    """The questions of a new attempt: the fixed ones in order, then those drawn at random per category."""
    fixed = list(quiz.items.values_list("question_id", flat=True))
    drawn = []
    for draw in quiz.draws.all():
        pool = list(Question.objects.filter(category_id=draw.category_id).values_list("pk", flat=True))
        pool = [pk for pk in pool if pk not in fixed and pk not in drawn]
        drawn += rng.sample(pool, min(draw.count, len(pool)))
    ids = fixed + drawn
    if quiz.shuffle_questions:
        rng.shuffle(ids)
    return ids


def current_versions(question_ids):
    """{question id: QuestionVersion} for the questions as they are now, in a fixed number of queries."""
    questions = Question.objects.filter(pk__in=question_ids).prefetch_related("options")
    snapshots = {}
    for question in questions:
        data = grading.snapshot(question)
        snapshots[question.pk] = (grading.digest(data), data)
    digests = {d for d, _data in snapshots.values()}
    found = {
        v.question_id: v
        for v in QuestionVersion.objects.filter(question_id__in=question_ids, digest__in=digests)
        if snapshots[v.question_id][0] == v.digest
    }
    missing = [
        QuestionVersion(question_id=pk, digest=d, data=data) for pk, (d, data) in snapshots.items() if pk not in found
    ]
    if missing:
        # Another learner may create the same version at the same instant: ignore, then read back.
        QuestionVersion.objects.bulk_create(missing, ignore_conflicts=True)
        for v in QuestionVersion.objects.filter(
            question_id__in=[m.question_id for m in missing], digest__in=[m.digest for m in missing]
        ):
            if snapshots[v.question_id][0] == v.digest:
                found[v.question_id] = v
    return found


def _option_order(data, quiz, rng):
    ids = [option["id"] for option in data["options"]]
    # Ordering and matching questions are always shown shuffled: their stored order is the answer.
    if quiz.shuffle_options or data["kind"] in (QuestionKind.ORDERING, QuestionKind.MATCHING):
        rng.shuffle(ids)
    if data["kind"] == QuestionKind.MATCHING:
        right = list(ids)
        rng.shuffle(right)
        return ids + right
    return ids


def start_attempt(*, quiz, learner, rng=None):
    """Resume the learner's open attempt, or start a new one if the rules allow.

    The learner's enrolment row is locked, so concurrent starts are serialised: they resume one
    attempt and never exceed the attempt limit. The database also refuses a second open attempt.
    """
    rng = rng or random.SystemRandom()
    if not quiz.live:
        raise NotFound(_("This quiz is not open."))
    # An attempt whose time ran out is graded first, in its own transaction, whatever happens next.
    for attempt_uuid in Attempt.objects.filter(
        quiz=quiz, learner=learner, status=AttemptStatus.OPEN, deadline__lte=_now()
    ).values_list("uuid", flat=True):
        submit_attempt(attempt_uuid=attempt_uuid, learner=learner)
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(learner=learner, course_id=quiz.course_id).first()
        if enrolment is None:
            raise Forbidden(_("Enrol in the course before you take its quizzes."))
        attempts = list(Attempt.objects.filter(quiz=quiz, learner=learner).only("pk", "status", "uuid"))
        open_attempt = next((a for a in attempts if a.status == AttemptStatus.OPEN), None)
        if open_attempt is not None:
            return open_attempt
        if quiz.closes_at and _now() >= quiz.closes_at:
            raise TimeUp(_("This quiz is closed."))
        if quiz.attempts_allowed and len(attempts) >= quiz.attempts_allowed:
            raise Forbidden(_("You have used all %(count)s attempts at this quiz.") % {"count": quiz.attempts_allowed})
        question_ids = _chosen_questions(quiz, rng)
        if not question_ids:
            raise NotFound(_("This quiz has no questions yet."))
        versions = current_versions(question_ids)
        now = _now()
        deadline = now + timezone.timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
        try:
            with transaction.atomic():
                attempt = Attempt.objects.create(
                    quiz=quiz, learner=learner, number=len(attempts) + 1, deadline=deadline
                )
        except IntegrityError:
            raise Conflict(_("This quiz was just started in another window. Reload the page.")) from None
        Answer.objects.bulk_create(
            Answer(
                attempt=attempt,
                position=position,
                version=versions[pk],
                option_order=_option_order(versions[pk].data, quiz, rng),
            )
            for position, pk in enumerate(question_ids, start=1)
        )
    return attempt


# Answering -------------------------------------------------------------------------------------


def is_time_up(attempt):
    """Time is up for the attempt, or the quiz has closed (attempt.quiz must be loaded)."""
    now = _now()
    if attempt.deadline is not None and now >= attempt.deadline:
        return True
    return attempt.quiz.closes_at is not None and now >= attempt.quiz.closes_at


def shows_feedback_per_answer(quiz):
    return quiz.feedback_timing == FeedbackTiming.IMMEDIATELY


def _locked_attempt(*, attempt_uuid, learner):
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz")
        .filter(uuid=attempt_uuid, learner=learner)
        .first()
    )
    if attempt is None:
        raise NotFound(_("We could not find this attempt."))
    return attempt


def save_answer(*, attempt_uuid, learner, position, data, chosen_at=None):
    """Store one answer of an open attempt at once (nothing is kept in the browser or the session).

    `chosen_at` is when the learner chose an answer that waited on their device without a connection
    (offline.views): it is kept only if it is newer than the answer already saved, so an older
    answer sent late never replaces a newer one. `saved_at` holds when the kept answer was chosen."""
    with transaction.atomic():
        attempt = _locked_attempt(attempt_uuid=attempt_uuid, learner=learner)
        if not attempt.is_open:
            raise Conflict(_("This attempt has been submitted; answers can no longer change."))
        if is_time_up(attempt):
            expired = True
        else:
            expired = False
            answer = Answer.objects.select_related("version").filter(attempt=attempt, position=position).first()
            if answer is None:
                raise NotFound(_("This question is not part of your attempt."))
            if answer.response is not None and shows_feedback_per_answer(attempt.quiz):
                raise Conflict(_("You have seen the feedback, so this answer is final."))
            if chosen_at is not None and answer.saved_at is not None and chosen_at <= answer.saved_at:
                return answer
            response = grading.parse_response(answer.version.data, data, answer.option_order)
            answer.response = response
            answer.saved_at = min(chosen_at, _now()) if chosen_at is not None else _now()
            answer.save(update_fields=["response", "saved_at"])
    if expired:
        submit_attempt(attempt_uuid=attempt_uuid, learner=learner)
        raise TimeUp(_("Time is up. Your saved answers have been submitted."))
    return answer


# Submitting and grading ------------------------------------------------------------------------


def submit_attempt(*, attempt_uuid, learner):
    """Grade an attempt once. A second submission (double click, another tab) returns the same result."""
    with transaction.atomic():
        attempt = _locked_attempt(attempt_uuid=attempt_uuid, learner=learner)
        if not attempt.is_open:
            return attempt
        _grade(attempt, quiz=attempt.quiz)
        transaction.on_commit(lambda: attempt_submitted.send(sender=Attempt, attempt=attempt))
    _evaluate(attempt.quiz, [learner.pk])
    return attempt


def _grade(attempt, *, quiz):
    answers = list(Answer.objects.filter(attempt=attempt).select_related("version"))
    for answer in answers:
        answer.score = grading.score(answer.version.data, answer.response)
    Answer.objects.bulk_update(answers, ["score"])
    attempt.status = AttemptStatus.SUBMITTED
    attempt.submitted_at = _now()
    _total(attempt, answers, quiz)
    attempt.save(update_fields=["status", "submitted_at", "score", "max_score", "percent", "passed"])
    update_grade(quiz=quiz, learner_id=attempt.learner_id)


def _total(attempt, answers, quiz):
    attempt.score = sum((a.score or Decimal(0) for a in answers), Decimal(0))
    attempt.max_score = sum((Decimal(a.version.data["points"]) for a in answers), Decimal(0))
    attempt.percent = (
        (100 * attempt.score / attempt.max_score).quantize(Decimal("0.1")) if attempt.max_score else Decimal(0)
    )
    attempt.passed = attempt.percent >= quiz.pass_mark


def update_grade(*, quiz, learner_id):
    """Keep the learner's grade for the quiz by its policy (highest, latest or first attempt)."""
    submitted = list(
        Attempt.objects.filter(quiz=quiz, learner_id=learner_id, status=AttemptStatus.SUBMITTED).order_by("number")
    )
    if not submitted:
        return None
    if quiz.grade_policy == GradePolicy.FIRST:
        kept = submitted[0]
    elif quiz.grade_policy == GradePolicy.LATEST:
        kept = submitted[-1]
    else:
        kept = max(submitted, key=lambda a: (a.percent, -a.number))
    grade, _created = QuizGrade.objects.update_or_create(
        quiz=quiz,
        learner_id=learner_id,
        defaults={
            "attempt": kept,
            "percent": kept.percent,
            "passed": bool(kept.passed),
            "attempts_used": len(submitted),
        },
    )
    return grade


def _evaluate(quiz, learner_ids):
    if not quiz.required_for_completion:
        return
    for enrolment in Enrolment.objects.filter(course_id=quiz.course_id, learner_id__in=learner_ids):
        evaluate_completion(enrolment=enrolment)


# Regrading -------------------------------------------------------------------------------------

KEY_FIELDS = ("accepted", "accepted_by_language", "number", "tolerance", "points")


def regrade_question(*, question, editor):
    """Apply a question's current answer key to every attempt already taken, and record what changed.

    The texts learners saw stay as they were; only the key (correct options, accepted answers,
    number and tolerance, points) of each earlier version is replaced, then those attempts are rescored.
    """
    with transaction.atomic():
        question = Question.objects.prefetch_related("options").get(pk=question.pk)
        current = grading.snapshot(question)
        correct = {option["id"]: option["correct"] for option in current["options"]}
        versions = list(QuestionVersion.objects.select_for_update().filter(question=question))
        for version in versions:
            data = dict(version.data)
            for key in KEY_FIELDS:
                data[key] = current[key]
            data["options"] = [dict(o, correct=correct.get(o["id"], False)) for o in data["options"]]
            version.data = data
        QuestionVersion.objects.bulk_update(versions, ["data"])
        attempts = list(
            Attempt.objects.select_for_update(of=("self",))
            .filter(
                status=AttemptStatus.SUBMITTED,
                pk__in=Answer.objects.filter(version__question=question).values("attempt_id"),
            )
            .select_related("quiz")
            .order_by("pk")
        )
        changes, touched = [], set()
        for attempt in attempts:
            answers = list(Answer.objects.filter(attempt=attempt).select_related("version"))
            for answer in answers:
                answer.score = grading.score(answer.version.data, answer.response)
            Answer.objects.bulk_update(answers, ["score"])
            before = attempt.percent
            _total(attempt, answers, attempt.quiz)
            attempt.save(update_fields=["score", "max_score", "percent", "passed"])
            if before != attempt.percent:
                changes.append({"attempt": str(attempt.uuid), "before": str(before), "after": str(attempt.percent)})
            touched.add((attempt.quiz, attempt.learner_id))
        for quiz, learner_id in touched:
            update_grade(quiz=quiz, learner_id=learner_id)
        record = Regrade.objects.create(
            question=question, editor=editor, attempts_changed=len(changes), changes=changes
        )
    for quiz in {quiz for quiz, _l in touched}:
        _evaluate(quiz, [learner_id for q, learner_id in touched if q == quiz])
    return record
