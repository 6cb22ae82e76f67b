"""Reads of notifications. The menu's unread count is cached per person (core.cache, versioned):
a learner page costs no query for it once warm; a new or read notification bumps the version."""

from core.cache import get_many_or_build

from .models import Delivery, Kind, Notification, NotificationPreference, default_delivery
from .services import unread_namespace

PAGE_SIZE = 30


def unread_count(user):
    if not getattr(user, "is_authenticated", False):
        return 0
    # The version was read with the request's others (register_person_cache_namespaces), and a
    # warm value comes from this process's memory: no round trip of its own.
    build = lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()  # noqa: E731
    return get_many_or_build(None, unread_namespace(user.pk), {"n": (("unread",), build)})["n"]


def notifications_of(user):
    """The person's notifications, newest first (2 queries per page with the paginator's count)."""
    return Notification.objects.filter(recipient=user).only(
        "pk", "kind", "title", "body", "link", "created_at", "read_at", "language"
    )


def preferences_of(user):
    """{kind: delivery} for every kind, the person's choice or the kind's default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, default_delivery(kind)) for kind in Kind}


__all__ = ["Delivery", "PAGE_SIZE", "notifications_of", "preferences_of", "unread_count"]
