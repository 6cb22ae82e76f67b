"""The notification policies, and the section notifications adds to a staff import's result page."""

from django.template.loader import render_to_string
from wagtail import hooks

from .policies import InvitationPolicy, NotificationPolicy


@hooks.register("register_permission_policy")
def register_policies():
    return [NotificationPolicy(), InvitationPolicy()]


@hooks.register("competencies_import_job_section")
def import_job_accounts(request, job):
    """Who among the people this import created has not activated their account yet (in scope)."""
    if job.status != "done" or not job.created:
        return None
    from .views_accounts import pending_invitations

    pending = pending_invitations(request.user, job=job)
    return render_to_string(
        "notifications/import_job_section.html",
        {"job": job, "pending": pending[:50], "count": len(pending)},
        request=request,
    )


@hooks.register("register_person_cache_namespaces")
def unread_cache_namespace(user_id):
    """The unread count's version is fetched with the request's other versions (core.cache)."""
    from .services import unread_namespace

    return [unread_namespace(user_id)]
