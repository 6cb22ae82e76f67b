"""The policy API: `user.has_perm` and `visible_to` answered by registered policies."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

from core.errors import Forbidden
from core.permissions import HOOK_NAME, Policy, registry, require, visible_to
from people.models import User

pytestmark = pytest.mark.django_db


class GroupPolicy(Policy):
    """A test policy on auth.Group: members read their group; nobody renames one."""

    model = Group

    def can_read(self, user, group):
        return group is not None and group.user_set.filter(pk=user.pk).exists()

    def can_rename(self, user, group):
        return False

    def visible(self, user, queryset, action):
        if action == "read":
            return queryset.filter(user=user)
        return queryset.none()


class CorePolicy(Policy):
    """A policy named by app label only (no model): answers about no object in particular."""

    app_label = "core"

    def can_export(self, user, obj):
        return user.username.startswith("hr")


@pytest.fixture
def policies():
    registry.reset()
    with hooks.register_temporarily(HOOK_NAME, lambda: [GroupPolicy(), CorePolicy()]):
        yield
    registry.reset()


@pytest.fixture
def member(db):
    user = User.objects.create_user(username="member", password="x")
    group = Group.objects.create(name="readers")
    user.groups.add(group)
    return user, group


def test_has_perm_asks_the_registered_policy(policies, member):
    user, group = member
    outsider = User.objects.create_user(username="outsider", password="x")
    assert user.has_perm("auth.read", group)
    assert not outsider.has_perm("auth.read", group)
    assert not user.has_perm("auth.rename", group)


def test_a_policy_by_app_label_answers_without_an_object(policies):
    assert User.objects.create_user(username="hr.x", password="x").has_perm("core.export")
    assert not User.objects.create_user(username="learner.x", password="x").has_perm("core.export")


def test_objects_of_another_model_are_denied_not_read(policies, member):
    user, _group = member
    # A user is not a group: the policy is not even asked (it would read `user_set` of a user).
    assert not user.has_perm("auth.read", user)


def test_a_parent_model_instance_is_still_judged():
    from wagtail.models import Page

    from courses.models import CoursePage

    class PagePolicy(Policy):
        model = CoursePage

    assert PagePolicy().accepts(Page()) and not PagePolicy().accepts(Group())


def test_unknown_permissions_are_denied(policies, member):
    user, group = member
    assert not user.has_perm("nosuchapp.read", group)
    assert not user.has_perm("sessions.anything", group)  # an app without policies: ModelBackend's
    assert not user.has_perm("auth.view_group", group)  # a model permission the user lacks


def test_a_typo_in_a_policy_app_label_raises(policies, member):
    user, group = member
    with pytest.raises(LookupError):
        user.has_perm("auth.raed", group)
    with pytest.raises(LookupError):
        user.has_perm("core.exprot")
    with pytest.raises(LookupError):
        visible_to(user, "auth.raed", Group.objects.all())


def test_model_permissions_of_a_policy_app_go_to_the_model_backend(policies, member):
    user, group = member
    from django.contrib.auth.models import Permission

    assert not user.has_perm("auth.change_group")
    assert not user.has_perm("auth.publish_group")  # Wagtail's draft-state permission name
    assert not user.has_perm("auth.choose_group")  # Wagtail's chooser permission name
    user.user_permissions.add(Permission.objects.get(codename="change_group"))
    user = User.objects.get(pk=user.pk)  # Django caches permissions on the user object
    assert user.has_perm("auth.change_group")


def test_anonymous_and_inactive_users_get_nothing(policies, member):
    user, group = member
    assert not AnonymousUser().has_perm("auth.read", group)
    assert not AnonymousUser().has_perm("core.export")
    user.is_active = False
    user.save()
    assert not user.has_perm("auth.read", group)
    assert not visible_to(user, "auth.read", Group.objects.all()).exists()
    assert visible_to(AnonymousUser(), "auth.read", Group.objects.all()).count() == 0


def test_visible_to_asks_the_policy_for_rows(policies, member):
    user, group = member
    Group.objects.create(name="others")
    assert list(visible_to(user, "auth.read", Group.objects.all())) == [group]
    assert not visible_to(user, "auth.rename", Group.objects.all()).exists()


def test_visible_is_empty_unless_a_policy_says(policies, member):
    user, _group = member
    assert not CorePolicy().visible(user, Group.objects.all(), "export").exists()


def test_require_raises_forbidden(policies, member):
    user, group = member
    require(user, "auth.read", group)
    with pytest.raises(Forbidden) as raised:
        require(user, "auth.rename", group)
    assert raised.value.status == 403


def test_superusers_get_every_policy_permission(policies, member):
    _user, group = member
    admin = User.objects.create_superuser(username="root", password="x", email="root@example.org")
    assert admin.has_perm("auth.rename", group)


def test_two_policies_answering_one_name_are_refused(db):
    class Again(GroupPolicy):
        pass

    registry.reset()
    try:
        with hooks.register_temporarily(HOOK_NAME, lambda: [GroupPolicy(), Again()]):
            with pytest.raises(ImproperlyConfigured):
                registry.lookup("auth.read")
    finally:
        registry.reset()


def test_a_policy_needs_a_model_or_an_app_label():
    with pytest.raises(ImproperlyConfigured):
        Policy().get_app_label()
