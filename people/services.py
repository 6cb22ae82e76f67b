"""Writes on people: creating staff, granting roles, remembering a language."""

from django.contrib.auth.models import Group
from django.db import transaction

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
