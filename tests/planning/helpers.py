"""Planners, staff and a signal recorder for the planning tests."""

import contextlib

from people.models import Country, Province, Role, StaffProfile
from people.services import grant_role

from ..factories import make_staff


def planner(*, country=None, province=None, **kwargs):
    """An HR planner for a country or a province; with neither, a planner role that reaches no one."""
    user = make_staff(roles=(), **kwargs)
    grant_role(
        user=user,
        role=Role.HR_PLANNER,
        country=Country.objects.get(code=country) if country else None,
        province=Province.objects.get(code=province) if province else None,
    )
    return user


def profiles(*users):
    return StaffProfile.objects.filter(user__in=users)


@contextlib.contextmanager
def recording(*signals):
    """[(signal, assignment pk)] for every signal sent while the block runs."""
    sent = []
    receivers = []
    for signal in signals:

        def receiver(sender, assignment, _signal=signal, **kwargs):
            sent.append((_signal, assignment.pk))

        signal.connect(receiver, weak=False)
        receivers.append((signal, receiver))
    try:
        yield sent
    finally:
        for signal, receiver in receivers:
            signal.disconnect(receiver)
