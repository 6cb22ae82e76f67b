"""Reads for trainers: the SCORM scores of a lesson's learners, as far as the reader may see them."""

from core.permissions import visible_to

from .models import ScormAttempt


def lesson_scores(user, lesson, *, limit=200):
    """Attempts in a lesson that `user` may read scores of, best first: one query (plus the policy's role read)."""
    attempts = ScormAttempt.objects.filter(lesson=lesson).select_related("learner", "package")
    attempts = visible_to(user, "scorm.read_scores", attempts)
    # A package with several SCOs has one row per SCO: the learner's rows together, in the SCOs' order.
    return list(attempts.order_by("learner__last_name", "learner__first_name", "learner_id", "pk")[:limit])


def own_attempt(user, key):
    """The user's own attempt with this key, or None: another learner's key finds nothing."""
    return ScormAttempt.objects.select_related("package").filter(key=key, learner_id=user.pk).first()
