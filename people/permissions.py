"""Who may see and do what: the one place that decides it.

The role and scope primitives every policy builds on: roles come from RoleAssignment
(people.models); a role may be limited to a country or a province, and `scope_for` turns that
into a filter. Permission questions themselves are policies (core.permissions, one
`<app>/policies.py` per app, people's in people/policies.py), asked through `user.has_perm`.

Other apps build on these primitives, never by reading RoleAssignment themselves.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from core import cache as shared

from .models import Role, RoleAssignment

_CACHE_ATTR = "_elearning_role_cache"
_FRESH_ATTR = "_elearning_roles_changed"
# Each user's role assignments in the shared cache, under one version that any saved or deleted
# RoleAssignment bumps (signals below): the menu and the policies ask no query on a page, and a
# role given or taken away counts on the very next request in every process.
ROLES = "people:roles"


def _read(user):
    return tuple(RoleAssignment.objects.filter(user_id=user.pk).values_list("role", "country_id", "province_id"))


def _assignments(user):
    """The user's role assignments, read once per request (kept on the user object) from the shared cache."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        if getattr(user, _FRESH_ATTR, False):  # changed in this request: the database says
            cached = _read(user)
        else:
            cached = shared.get_many_or_build(None, ROLES, {"roles": (("user", user.pk), lambda: _read(user))})["roles"]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user):
    """Drop the per-request cache after roles change (this user object reads them from the database from now on)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    setattr(user, _FRESH_ATTR, True)


def roles_changed(**kwargs):
    """Receiver: a role assignment was saved or deleted; every process reads roles afresh."""
    shared.bump_now_and_after_commit(ROLES)


def is_administrator(user):
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(role == Role.ADMINISTRATOR for role, _c, _p in _assignments(user))


def has_role(user, role):
    if is_administrator(user):
        return True
    return any(r == role for r, _c, _p in _assignments(user))


def roles_of(user):
    """The roles a user holds, for menus and profile pages."""
    roles = {r for r, _c, _p in _assignments(user)}
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMINISTRATOR)
    return roles


@dataclass(frozen=True)
class Scope:
    """Where a role reaches: everywhere, some countries, some provinces, or nowhere."""

    everywhere: bool = False
    country_ids: frozenset = field(default_factory=frozenset)
    province_ids: frozenset = field(default_factory=frozenset)

    @property
    def is_empty(self):
        return not (self.everywhere or self.country_ids or self.province_ids)

    def filter(self, queryset, *, country_field="country", province_field="province"):
        """Limit a queryset whose rows have a country and a province to this scope."""
        if self.everywhere:
            return queryset
        if self.is_empty:
            return queryset.none()
        condition = Q()
        if self.country_ids:
            condition |= Q(**{f"{country_field}_id__in": self.country_ids})
        if self.province_ids:
            condition |= Q(**{f"{province_field}_id__in": self.province_ids})
        return queryset.filter(condition)

    def covers(self, *, country_id, province_id):
        return self.everywhere or country_id in self.country_ids or province_id in self.province_ids


def scope_for(user, role):
    """The scope in which `user` holds `role`; administrators reach everywhere."""
    if is_administrator(user):
        return Scope(everywhere=True)
    countries, provinces = set(), set()
    for r, country_id, province_id in _assignments(user):
        if r != role:
            continue
        if province_id:
            provinces.add(province_id)
        elif country_id:
            countries.add(country_id)
        # An assignment with neither country nor province reaches no one: only administrators
        # reach everywhere, so a role granted without a scope can never leak a whole country.
    return Scope(everywhere=False, country_ids=frozenset(countries), province_ids=frozenset(provinces))


# Kept for the apps still converting to policies (the lead removes these after the merges): each
# now answers from people.policies, so there is one rule, not two.


def can_edit_content(user):
    """Whether the user edits content (content editors and administrators): a role primitive that
    the content policies (people.policies.UserPolicy, assessments, scorm) build on."""
    return has_role(user, Role.CONTENT_EDITOR)
