"""Demo notifications for the demo learners (idempotent: each is one event, made once)."""

from django.urls import reverse

from .models import Kind
from .services import Message, notify


def load_demo_notifications(*, users, courses, stdout=None):
    from django.utils.translation import gettext as _

    made = 0
    for username in ("learner.kh", "learner.lo", "learner.en"):
        learner = users.get(username)
        if learner is None or not courses:
            continue
        course = courses[0]
        made += bool(
            notify(
                recipient=learner,
                kind=Kind.ENROLLED,
                event_key=f"demo:enrolled:{course.pk}",
                render=lambda course=course: Message(
                    title=_("You are enrolled in %(course)s") % {"course": course.title},
                    body=_("You can start whenever you like; your progress is saved as you go."),
                    link=reverse("courses:continue", args=[course.pk]),
                ),
            )
        )
        made += bool(
            notify(
                recipient=learner,
                kind=Kind.NEW_COURSE,
                event_key=f"demo:new-course:{courses[-1].pk}",
                render=lambda course=courses[-1]: Message(
                    title=_("A new course for your position: %(course)s") % {"course": course.title},
                    body=course.summary or "",
                    link=course.get_url() or "",
                ),
            )
        )
        made += bool(
            notify(
                recipient=learner,
                kind=Kind.TRAINING_DUE_SOON,
                event_key="demo:due-soon",
                render=lambda course=course: Message(
                    title=_("Due soon: %(training)s, to complete by %(due)s")
                    % {"training": course.title, "due": "31/12/2026"},
                    link=reverse("courses:continue", args=[course.pk]),
                ),
            )
        )
    if stdout is not None and made:
        stdout.write(f"Demo notifications: {made}")
