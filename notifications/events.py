"""One function per event: who is told, under which key, and what the message says.

Each message is built inside `notify`, in the recipient's language (gettext and the translated
content fields follow the active language). Links are paths with the recipient's language prefix.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from .models import Kind
from .services import Message, notify


def _course_link(course):
    return reverse("courses:continue", args=[course.pk])


def enrolled(enrolment):
    course = enrolment.course
    return notify(
        recipient=enrolment.learner,
        kind=Kind.ENROLLED,
        event_key=f"enrolment:{enrolment.pk}",
        render=lambda: Message(
            title=_("You are enrolled in %(course)s") % {"course": course.title},
            body=_("You can start whenever you like; your progress is saved as you go."),
            link=_course_link(course),
        ),
    )


def _cohort_link(cohort):
    return reverse("cohorts:detail", args=[cohort.public_id])


def participation_changed(participation, change):
    cohort = participation.cohort
    key = f"participation:{participation.pk}:{change}:{participation.updated_at:%Y%m%d%H%M%S%f}"
    texts = {
        "registered": (Kind.REGISTERED, lambda: _("Your place in %(title)s is confirmed")),
        "approved": (Kind.REQUEST_APPROVED, lambda: _("Your request to join %(title)s was approved")),
        "refused": (Kind.REQUEST_REFUSED, lambda: _("Your request to join %(title)s was not accepted")),
        "promoted": (Kind.PLACE_FREED, lambda: _("A place became free: you are now registered in %(title)s")),
    }
    if change not in texts:
        return None
    kind, title = texts[change]

    def render():
        if change == "refused":
            body = _(
                "The trainer could not give you a place this time. Other sessions are listed on Training sessions."
            )
        elif participation.status == "waiting":
            if change != "approved":
                return None
            body = _("The session is full: you are number %(number)s on the waiting list.") % {
                "number": participation.waiting_position
            }
        else:
            body = _("It starts on %(date)s.") % {"date": formats.date_format(cohort.start_date, "DATE_FORMAT")}
        return Message(title=title() % {"title": cohort.title}, body=body, link=_cohort_link(cohort))

    return notify(recipient=participation.person, kind=kind, event_key=key, render=render)


def meeting_reminder(meeting, participations):
    cohort = meeting.cohort
    told = 0
    for participation in participations:
        person = participation.person

        def render(person=person):
            context = {"meeting": meeting, "cohort": cohort, "person": person}
            return Message(
                title=render_to_string("cohorts/email/reminder_subject.txt", context).strip(),
                body=render_to_string("cohorts/email/reminder_body.txt", context).split("\n", 2)[-1].strip(),
                link=_cohort_link(cohort),
            )

        if notify(recipient=person, kind=Kind.MEETING_REMINDER, event_key=f"meeting:{meeting.pk}", render=render):
            told += 1
    return told


def quiz_failed(attempt):
    quiz = attempt.quiz
    if attempt.passed is not False:
        return None
    if quiz.attempts_allowed:
        from assessments.models import Attempt

        used = Attempt.objects.filter(quiz=quiz, learner_id=attempt.learner_id, status="submitted").count()
        left = quiz.attempts_allowed - used
        if left <= 0:
            return None
    else:
        left = None

    def render():
        if left is None:
            body = _("You scored %(percent)s%%; %(pass_mark)s%% is needed. You can try again.")
        else:
            body = _("You scored %(percent)s%%; %(pass_mark)s%% is needed. Attempts left: %(left)s.")
        return Message(
            title=_("Quiz not passed yet: %(quiz)s") % {"quiz": quiz.title},
            body=body % {"percent": formats.number_format(attempt.percent), "pass_mark": quiz.pass_mark, "left": left},
            link=reverse("assessments:quiz", args=[quiz.uuid]),
        )

    return notify(recipient=attempt.learner, kind=Kind.QUIZ_FAILED, event_key=f"attempt:{attempt.pk}", render=render)


def course_completed(enrolment):
    course = enrolment.course
    return notify(
        recipient=enrolment.learner,
        kind=Kind.COURSE_COMPLETED,
        event_key=f"enrolment:{enrolment.pk}",
        render=lambda: Message(
            title=_("Well done: you completed %(course)s") % {"course": course.title},
            body=_("If the course gives a certificate, it appears on My certificates once it is ready."),
            link=_course_link(course),
        ),
    )


def certificate_issued(certificate):
    course = certificate.enrolment.course
    return notify(
        recipient=certificate.holder,
        kind=Kind.CERTIFICATE_ISSUED,
        event_key=f"certificate:{certificate.pk}",
        render=lambda: Message(
            title=_("Your certificate for %(course)s is ready") % {"course": course.title},
            body=_("Download it from My certificates. Anyone can check it with its code: %(code)s.")
            % {"code": certificate.code},
            link=reverse("certificates:mine"),
        ),
    )


def certificate_revoked(certificate):
    course = certificate.enrolment.course
    return notify(
        recipient=certificate.holder,
        kind=Kind.CERTIFICATE_REVOKED,
        event_key=f"certificate:{certificate.pk}",
        render=lambda: Message(
            title=_("Your certificate for %(course)s was revoked") % {"course": course.title},
            body=_("Reason: %(reason)s") % {"reason": certificate.revoked_reason},
            link=reverse("certificates:mine"),
        ),
    )


def new_course_for_positions(*, course_id):
    """Tell active staff whose position needs a competency the course grants (not yet enrolled)."""
    from competencies.models import CourseCompetency, PositionRequirement
    from courses.models import CoursePage, Enrolment
    from people.models import User

    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        return 0
    competencies = CourseCompetency.objects.filter(course=course).values("competency_id")
    positions = PositionRequirement.objects.filter(competency_id__in=competencies).values("position_id")
    people = (
        User.objects.filter(is_active=True, staff_profile__position_id__in=positions)
        .exclude(pk__in=Enrolment.objects.filter(course=course).values("learner_id"))
        .order_by("pk")
    )
    told = 0
    for person in people.iterator(chunk_size=500):
        made = notify(
            recipient=person,
            kind=Kind.NEW_COURSE,
            event_key=f"course:{course.pk}",
            render=lambda: Message(
                title=_("A new course for your position: %(course)s") % {"course": course.title},
                body=course.summary or "",
                link=course.get_url() or "",
            ),
        )
        told += made is not None
    return told


def _assignment_target(assignment):
    target = assignment.course or assignment.cohort
    if assignment.cohort is not None:
        return assignment.cohort.title, _cohort_link(assignment.cohort)
    return target.title, _course_link(assignment.course)


def training(assignment, kind):
    texts = {
        Kind.TRAINING_ASSIGNED: lambda: _("Training assigned to you: %(training)s, to complete by %(due)s"),
        Kind.TRAINING_DUE_SOON: lambda: _("Due soon: %(training)s, to complete by %(due)s"),
        Kind.TRAINING_OVERDUE: lambda: _("Overdue: %(training)s was due on %(due)s"),
    }

    def render():
        if assignment.course is None and assignment.cohort is None:
            return None
        title, link = _assignment_target(assignment)
        due = formats.date_format(assignment.due_date, "DATE_FORMAT")
        return Message(title=texts[kind]() % {"training": title, "due": due}, link=link)

    return notify(
        recipient=assignment.learner,
        kind=kind,
        event_key=f"assignment:{assignment.pk}:{assignment.due_date:%Y-%m-%d}",
        render=render,
    )
