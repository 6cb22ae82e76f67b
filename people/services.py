"""Writes on people: creating staff, granting roles, verified e-mail changes, throttled reset e-mails."""

import hashlib

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.cache import versioned_key
from core.errors import Conflict, Forbidden, Gone, NotFound

from . import permissions
from .models import Role, RoleAssignment, StaffProfile, User

# Wagtail's default editor group; content editors join it to edit the course tree.
EDITORS_GROUP = "Editors"


@transaction.atomic
def create_staff(*, username, password, email="", first_name="", last_name="", preferred_language="", profile):
    """Create a login and its staff profile together; `profile` holds StaffProfile field values."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    staff = StaffProfile(user=user, **profile)
    staff.full_clean()
    staff.save()
    grant_role(user=user, role=Role.LEARNER)
    return user


@transaction.atomic
def grant_role(*, user, role, country=None, province=None):
    """Give a role (optionally limited to a country or province); granting twice changes nothing.

    Wagtail's flags (is_staff, is_superuser, the Editors group) follow in people.signals, so
    roles edited in the admin stay in step too.
    """
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, country=country, province=province
    )
    permissions.forget_roles(user)
    return assignment


def sync_wagtail_flags(user):
    """Mirror editor and administrator roles onto what Wagtail's admin checks."""
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    is_admin = Role.ADMINISTRATOR in roles
    is_editor = Role.CONTENT_EDITOR in roles
    changed = []
    if user.is_superuser != is_admin and not (user.is_superuser and not roles):
        user.is_superuser = is_admin
        changed.append("is_superuser")
    wants_staff = is_admin or is_editor
    if user.is_staff != wants_staff:
        user.is_staff = wants_staff
        changed.append("is_staff")
    if changed:
        user.save(update_fields=changed)
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        if is_editor:
            user.groups.add(group)
        else:
            user.groups.remove(group)


# E-mail addresses ----------------------------------------------------------------------------
# An address identifies a person (password reset, attendance reports), so it is unique and a new
# one takes effect only when its owner opens a link sent to it.

EMAIL_CHANGE_SALT = "people.email-change"
EMAIL_IN_USE = _("An account with this e-mail already exists.")


def normalise_email(email: str) -> str:
    return (email or "").strip()


def email_in_use(email: str, *, exclude_user=None) -> bool:
    """Whether another account already has this address (case does not matter; blank is never in use)."""
    email = normalise_email(email)
    if not email:
        return False
    others = User.objects.filter(email__iexact=email)
    if exclude_user is not None:
        others = others.exclude(pk=exclude_user.pk)
    return others.exists()


def request_email_change(*, user: User, new_email: str, base_url: str, language: str = "") -> bool:
    """Mail a confirmation link to `new_email`; nothing changes until `confirm_email_change`.

    Returns False when there is nothing to confirm (the same address, or a blank one, which is
    applied at once: it claims no one's address). The link is signed, expires after
    settings.EMAIL_CHANGE_MAX_AGE and works once. It is written in `language` (the user's own
    language by default). Raises Conflict when another account has the address.
    """
    new_email = normalise_email(new_email)
    if new_email.lower() == user.email.lower():
        return False
    if not new_email:
        User.objects.filter(pk=user.pk).update(email="")
        user.email = ""
        return False
    if email_in_use(new_email, exclude_user=user):
        raise Conflict(EMAIL_IN_USE)
    token = signing.dumps({"user": user.pk, "from": user.email, "to": new_email}, salt=EMAIL_CHANGE_SALT)
    with translation.override(language or user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "new_email": new_email,
            "link": base_url.rstrip("/") + reverse("people:confirm_email", kwargs={"token": token}),
            "days": settings.EMAIL_CHANGE_MAX_AGE.days,
        }
        subject = render_to_string("people/email_change_subject.txt", context).strip()
        body = render_to_string("people/email_change_email.txt", context)
    send_mail(subject, body, None, [new_email])
    return True


def confirm_email_change(*, user: User, token: str) -> str:
    """Apply the address change that `token` confirms for `user`; return the new address.

    Refused (core errors, nothing saved) when the link is forged (NotFound), expired or already
    used or replaced by a newer change (Gone), opened by another account (Forbidden), or when
    another account took the address meanwhile (Conflict).
    """
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=settings.EMAIL_CHANGE_MAX_AGE)
    except signing.SignatureExpired:
        raise Gone(_("This link has expired. Change your e-mail on your profile again to get a new one.")) from None
    except signing.BadSignature:
        raise NotFound(_("This link is not valid.")) from None
    if data.get("user") != user.pk:
        raise Forbidden(_("This link confirms the e-mail of another account. Log in as its owner to use it."))
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        if account.email != data["from"]:
            raise Gone(_("This link has already been used, or a newer change replaced it."))
        if email_in_use(data["to"], exclude_user=account):
            raise Conflict(EMAIL_IN_USE)
        account.email = data["to"]
        try:
            with transaction.atomic():
                account.save(update_fields=["email"])
        except IntegrityError:
            # Another account confirmed the same address at the same moment; the database decided.
            raise Conflict(EMAIL_IN_USE) from None
    user.email = account.email
    return account.email


# Password-reset e-mails ----------------------------------------------------------------------


def _count(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def password_reset_allowed(*, address: str, email: str) -> bool:
    """Count one reset request; False once its client address or its target address passed the limit.

    At most settings.PASSWORD_RESET_LIMIT e-mails per settings.PASSWORD_RESET_WINDOW for one
    requesting address and for one target address, counted in the shared cache so every web
    process sees the same count. Addresses are hashed: no e-mail address is stored in the cache.
    """
    window = int(settings.PASSWORD_RESET_WINDOW.total_seconds())
    target = hashlib.sha256(normalise_email(email).lower().encode()).hexdigest()
    counts = [
        _count(versioned_key("people:password-reset", "address", address or "unknown"), window),
        _count(versioned_key("people:password-reset", "email", target), window),
    ]
    return max(counts) <= settings.PASSWORD_RESET_LIMIT
