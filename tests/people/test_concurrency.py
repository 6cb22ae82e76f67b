"""Races on PostgreSQL with real threads: one address, two confirmations at once."""

import pytest
from django.core import signing

from core.errors import Conflict
from people.models import User
from people.services import EMAIL_CHANGE_SALT, confirm_email_change

from ..concurrency import run_together
from ..factories import make_staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_people_confirming_one_address_at_once_one_wins():
    first = make_staff(username="racer1", email="racer1@example.org")
    second = make_staff(username="racer2", email="racer2@example.org")

    def confirm(user):
        token = signing.dumps({"user": user.pk, "from": user.email, "to": "prize@example.org"}, salt=EMAIL_CHANGE_SALT)
        return lambda: confirm_email_change(user=User.objects.get(pk=user.pk), token=token)

    results = run_together([confirm(first), confirm(second)], refusals=(Conflict,))
    assert sorted(type(result).__name__ for result in results) == ["Conflict", "str"]
    assert User.objects.filter(email__iexact="prize@example.org").count() == 1
