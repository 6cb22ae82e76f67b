"""Accounts for imported staff: an invitation link by e-mail, or an activation code to print.

The link carries a signed token (django.core.signing) holding the user id and a fingerprint of
the account's password and last login: it expires after INVITATION_MAX_AGE and stops working as
soon as a password is set (single use), without storing the token anywhere. People without an
e-mail address get an activation code: short, from an alphabet without look-alike characters,
stored only as a password hash, expiring after CODE_MAX_AGE, and voided after MAX_FAILED wrong
tries (the planner prints a new one). The answer to a wrong user name, a wrong code, an expired
code and a voided code is the same, so the page tells nothing about which accounts exist.

Sending is a background task, safe to run twice: `send_requested_at` says which sending was
asked for, `sent_at` (committed before the e-mail leaves) that it was done.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import Gone, InvalidInput, NotFound

from .models import Invitation
from .services import absolute, language_of

INVITATION_MAX_AGE = getattr(settings, "INVITATION_MAX_AGE", timedelta(days=14))
CODE_MAX_AGE = getattr(settings, "ACTIVATION_CODE_MAX_AGE", timedelta(days=30))
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8
MAX_FAILED = 5
_SALT = "notifications.invitation"
WRONG_CODE = gettext_lazy(
    "This user name and activation code do not match, or the code is no longer valid. "
    "Check them, or ask your HR planner for a new code."
)


def _fingerprint(user):
    return salted_hmac(_SALT, f"{user.pk}:{user.password}:{user.last_login}").hexdigest()[:24]


def make_token(user):
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=_SALT)


def user_for_token(token):
    """The account a valid invitation token opens; Gone when it expired or was already used."""
    from people.models import User

    try:
        data = signing.loads(token, salt=_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise Gone(_("This invitation has expired. Ask your HR planner to send a new one.")) from None
    except signing.BadSignature:
        raise NotFound() from None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None:
        raise NotFound()
    if data.get("f") != _fingerprint(user) or user.has_usable_password():
        raise Gone(_("This invitation has already been used. Log in with your password, or reset it."))
    return user


def invite(*, users, job=None, send=True):
    """An invitation for each of `users` (new accounts); e-mailed to those with an address if `send`."""
    now = timezone.now()
    existing = set(Invitation.objects.filter(user__in=users).values_list("user_id", flat=True))
    made = Invitation.objects.bulk_create(
        [
            Invitation(user=user, import_job=job, send_requested_at=now if send and user.email else None)
            for user in users
            if user.pk not in existing
        ]
    )
    if send:
        from .tasks import send_invitation

        ids = [invitation.pk for invitation in made if invitation.user.email]
        transaction.on_commit(lambda: [send_invitation.enqueue(invitation_id=pk) for pk in ids])
    return made


def resend(*, invitations):
    """Ask for the invitation e-mail again (a new link; the old one stays valid until it expires)."""
    from .tasks import send_invitation

    ids = [i.pk for i in invitations if i.activated_at is None and i.user.email]
    with transaction.atomic():
        Invitation.objects.filter(pk__in=ids).update(send_requested_at=timezone.now())
        transaction.on_commit(lambda: [send_invitation.enqueue(invitation_id=pk) for pk in ids])
    return len(ids)


def deliver_invitation(*, invitation_id):
    """E-mail one invitation in the person's language; True if sent. Claimed before sending."""
    from .services import _send

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",)).select_related("user").filter(pk=invitation_id).first()
        )
        if invitation is None or invitation.activated_at is not None or invitation.send_requested_at is None:
            return False
        if invitation.sent_at is not None and invitation.sent_at >= invitation.send_requested_at:
            return False
        user = invitation.user
        if not user.email or not user.is_active or user.has_usable_password():
            return False
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    language = language_of(user)
    with translation.override(language):
        subject = _("Your PES Learning account is ready")
        link = absolute(reverse("notifications:activate", args=[make_token(user)]))
    _send(
        to=user.email,
        language=language,
        subject=subject,
        context={"person": user, "url": link, "days": INVITATION_MAX_AGE.days},
        template="invitation",
    )
    return True


def new_codes(*, invitations):
    """A fresh activation code for each invitation: [(invitation, code)]; the codes are shown once."""
    now = timezone.now()
    issued = []
    with transaction.atomic():
        for invitation in invitations:
            if invitation.activated_at is not None:
                continue
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            invitation.code_hash = make_password(code)
            invitation.code_expires_at = now + CODE_MAX_AGE
            invitation.failed_attempts = 0
            issued.append((invitation, code))
        Invitation.objects.bulk_update([i for i, _code in issued], ["code_hash", "code_expires_at", "failed_attempts"])
    return issued


def normalise_code(code):
    return "".join(str(code).split()).replace("-", "").upper()


def check_code(*, username, code):
    """The account that `username` + activation `code` open; InvalidInput (one message) otherwise.

    Every wrong code counts against the account's invitation (committed even though the answer is
    a refusal); after MAX_FAILED the code is void.
    """
    code = normalise_code(code)
    failed = False
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(user__username__iexact=str(username).strip(), activated_at__isnull=True, user__is_active=True)
            .first()
        )
        usable = (
            invitation is not None
            and invitation.code_hash
            and invitation.failed_attempts < MAX_FAILED
            and invitation.code_expires_at is not None
            and invitation.code_expires_at > timezone.now()
        )
        if usable and check_password(code, invitation.code_hash):
            return invitation.user
        if invitation is not None:
            invitation.failed_attempts = min(invitation.failed_attempts + 1, 32767)
            invitation.save(update_fields=["failed_attempts"])
        failed = True
    if failed:
        raise InvalidInput(WRONG_CODE)


def activate(*, user, password):
    """Set the first password: the invitation link and the code stop working."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        Invitation.objects.filter(user=user).update(activated_at=timezone.now(), code_hash="", code_expires_at=None)
    return user
