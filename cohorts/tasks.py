"""Background work: meeting reminders, completion after the last meeting (immediate in development, a worker in production)."""

from django_tasks import task


@task()
def send_meeting_reminders(hours_ahead=24):
    from .reminders import send_due_reminders

    return send_due_reminders(hours_ahead=hours_ahead)


@task()
def complete_ended_cohorts(days_back=7):
    """Apply the completion rule to the participants of cohorts whose last meeting ended lately.

    Attendance recorded during the last meeting (a check-in) cannot complete the course until that
    meeting has ended; this catches up afterwards. Safe to run twice: completion is recorded once.
    """
    from django.db.models import Max
    from django.utils import timezone

    from courses.services import evaluate_completion

    from .models import Cohort, Participation

    now = timezone.now()
    ended = Cohort.objects.annotate(last_end=Max("meetings__ends_at")).filter(
        last_end__lte=now, last_end__gte=now - timezone.timedelta(days=days_back)
    )
    pending = Participation.objects.filter(
        cohort__in=ended.values("pk"),
        status=Participation.Status.REGISTERED,
        enrolment__isnull=False,
        enrolment__completed_at__isnull=True,
    ).select_related("enrolment__course")
    completed = 0
    for participation in pending:
        if evaluate_completion(enrolment=participation.enrolment).completed_at is not None:
            completed += 1
    return completed
