"""Background work of notifications (immediate in development and tests, `db_worker` in production).

Every task is safe to run twice: e-mails are claimed before they are sent (services), a digest is
one row per person and day, a notification is unique per event, an invitation records its sending.
"""

from django_tasks import task


@task()
def send_notification_email(notification_id):
    from . import services

    return services.deliver_email(notification_id=notification_id)


@task()
def send_notification_digests():
    """The daily digest of everyone who chose it (run once a day: `manage.py send_notification_digests`)."""
    from . import services

    return services.send_digests()


@task()
def notify_new_course(course_id):
    """Tell the staff whose position needs what a newly published course teaches (one task per course)."""
    from . import events

    return events.new_course_for_positions(course_id=course_id)


@task()
def send_invitation(invitation_id):
    from . import invitations

    return invitations.deliver_invitation(invitation_id=invitation_id)
