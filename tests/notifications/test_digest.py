"""The daily digest: one e-mail per person and day, with what they did not get at once; never twice."""

import pytest
from django.core.management import call_command

from notifications.models import Delivery, DigestEmail, Kind, NotificationPreference
from notifications.services import Message, notify
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def _digest_note(user, n, kind=Kind.NEW_COURSE):
    return notify(
        recipient=user, kind=kind, event_key=f"digest:{n}", render=lambda: Message(title=f"News {n}", link="/lo/")
    )


def test_one_digest_per_person_per_day_in_their_language(mailoutbox):
    lao = make_staff(preferred_language="lo", email="lo@example.org")
    other = make_staff(preferred_language="km", email="km@example.org")
    NotificationPreference.objects.create(user=other, kind=Kind.NEW_COURSE, delivery=Delivery.NOW)
    _digest_note(lao, 1)  # new courses go to the digest by default
    _digest_note(lao, 2)
    _digest_note(other, 3)  # this person wants it at once: not in any digest
    call_command("send_notification_digests")
    assert [m.to for m in mailoutbox] == [["lo@example.org"]]
    mail = mailoutbox[0]
    assert "ຂ່າວ" in mail.subject and "News 1" in mail.body and "News 2" in mail.body
    assert "News 1" in mail.alternatives[0][0]
    _digest_note(lao, 4)
    call_command("send_notification_digests")  # the same day again: nothing more
    assert len(mailoutbox) == 1 and DigestEmail.objects.filter(recipient=lao).count() == 1


def test_the_next_day_carries_only_what_is_new(mailoutbox):
    from datetime import date

    from notifications.services import send_digest

    person = make_staff(preferred_language="en", email="en@example.org")
    _digest_note(person, 1)
    assert send_digest(user_id=person.pk, day=date(2026, 12, 1))
    _digest_note(person, 2)
    assert send_digest(user_id=person.pk, day=date(2026, 12, 2))
    assert not send_digest(user_id=person.pk, day=date(2026, 12, 3))  # nothing waiting
    assert "News 1" in mailoutbox[0].body and "News 1" not in mailoutbox[1].body and "News 2" in mailoutbox[1].body


def test_people_without_e_mail_or_who_chose_none_get_no_digest(mailoutbox):
    no_address = make_staff(email="")
    quiet = make_staff(email="quiet@example.org")
    NotificationPreference.objects.create(user=quiet, kind=Kind.NEW_COURSE, delivery=Delivery.NONE)
    _digest_note(no_address, 1)
    _digest_note(quiet, 2)
    call_command("send_notification_digests")
    assert mailoutbox == []
