"""Helpers for the notification tests."""

from notifications.models import Notification


def notes(user, kind=None):
    queryset = Notification.objects.filter(recipient=user)
    if kind:
        queryset = queryset.filter(kind=kind)
    return list(queryset)
