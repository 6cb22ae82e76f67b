"""Reads for the offline app: what a learner may save of a course, and which quizzes may be answered
without a connection."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments.models import Attempt, AttemptStatus, FeedbackTiming, Quiz
from core.errors import NotFound
from courses.models import Enrolment, LessonPage, ModulePage


def closed_on(quiz):
    """The quiz's close date as the learner reads it, in the active language."""
    return date_format(timezone.localtime(quiz.closes_at), "SHORT_DATETIME_FORMAT")


def offline_refusal(quiz, *, now=None):
    """Why this quiz cannot be answered without a connection (a translated sentence), or "" when it can.

    A timed quiz is not: its deadline runs on the server's clock. A quiz that shows feedback after each
    answer is not: the feedback needs the server. A closed quiz takes no answer at all."""
    now = now or timezone.now()
    if not quiz.live:
        return _("This quiz is not open.")
    if quiz.closes_at is not None and now >= quiz.closes_at:
        return _("The quiz closed on %(date)s.") % {"date": closed_on(quiz)}
    if quiz.time_limit_minutes:
        return _("This quiz has a time limit, so it is taken with a connection.")
    if quiz.feedback_timing == FeedbackTiming.IMMEDIATELY:
        return _("This quiz shows feedback after each answer, so it is taken with a connection.")
    return ""


def offline_quizzes(*, user, course, now=None):
    """The course's live quizzes, each with the learner's open attempt (or None) and why it cannot be
    taken offline ("" when it can). Two queries."""
    quizzes = list(Quiz.objects.filter(course=course, live=True).order_by("pk"))
    attempts = {
        attempt.quiz_id: attempt
        for attempt in Attempt.objects.filter(learner=user, quiz__in=quizzes, status=AttemptStatus.OPEN).only(
            "pk", "uuid", "quiz_id"
        )
    }
    found = []
    for quiz in quizzes:
        attempt = attempts.get(quiz.pk)
        reason = offline_refusal(quiz, now=now)
        if not reason and attempt is None:
            reason = _("Start this quiz with a connection, then save the course again to answer it offline.")
        found.append((quiz, attempt, reason))
    return found


def attempt_pages(attempt):
    """The addresses of an open attempt's pages: each question, the attempt itself and its confirmation."""
    url = reverse("assessments:attempt", args=[attempt.uuid])
    count = attempt.answers.count()
    return [url, *(f"{url}?q={n}" for n in range(1, count + 1)), reverse("assessments:submit", args=[attempt.uuid])]


def offline_pages(request, *, user, course_id):
    """The course page, its modules and its lessons (live ones, in tree order) as addresses in the
    active language, for a learner enrolled in the course; NotFound for anyone else, so the
    answer does not tell whether the course exists. Three queries."""
    enrolment = Enrolment.objects.select_related("course").filter(learner=user, course_id=course_id).first()
    if enrolment is None or not enrolment.course.live:
        raise NotFound(_("You are not enrolled in this course."))
    course = enrolment.course
    pages = [course]
    for model in (ModulePage, LessonPage):
        pages += list(model.objects.live().descendant_of(course).order_by("path"))
    pages.sort(key=lambda page: page.path)
    return course, [(page.get_url(request), page.last_published_at) for page in pages]
