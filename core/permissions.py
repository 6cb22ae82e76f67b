"""One permission API: a policy per model, asked through Django's `user.has_perm`.

A policy answers two questions about one model, in one place:

- "may this user do this to this object": a method `can_<action>(user, obj)`, asked as
  `user.has_perm("<app_label>.<action>", obj)` (the `PolicyBackend` routes the call);
- "which objects may this user see": `visible(user, queryset, action)`, asked as
  `visible_to(user, "<app_label>.<action>", queryset)` by lists, exports, dashboards and tasks.

Apps register their policies with the Wagtail hook `register_permission_policy` (in their
`wagtail_hooks.py`), returning a Policy instance. A role without a scope grants nothing: policies
build on `people.permissions` scopes, in which an assignment with neither country nor province
reaches no one.
"""

from __future__ import annotations

from functools import lru_cache

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from .errors import Forbidden

HOOK_NAME = "register_permission_policy"


class Policy:
    """The answers for one model. Subclasses define `model`, `can_<action>` methods and `visible`."""

    model: type[Model] | None = None
    app_label: str | None = None

    def get_app_label(self) -> str:
        if self.app_label:
            return self.app_label
        if self.model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a model or an app_label")
        return self.model._meta.app_label

    def actions(self) -> list[str]:
        return [name[4:] for name in dir(self) if name.startswith("can_") and callable(getattr(self, name))]

    def accepts(self, obj) -> bool:
        """Whether `obj` is something this policy judges; anything else is denied before `can_*`.

        None (a question about no object in particular), objects that are not model instances, and
        instances of the policy's model or of a parent model (Wagtail hands out base `Page`
        objects) are judged. An instance of an unrelated model (a certificate asked of the cohort
        policy) is not: it is denied rather than read through attributes it does not have.
        Override to judge more than one model.
        """
        if obj is None or self.model is None or not isinstance(obj, Model):
            return True
        return isinstance(obj, self.model) or issubclass(self.model, type(obj))

    def has_perm(self, user, action: str, obj=None) -> bool:
        if not getattr(user, "is_active", True) or not self.accepts(obj):
            return False
        return bool(getattr(self, f"can_{action}")(user, obj))

    def visible(self, user, queryset: QuerySet, action: str) -> QuerySet:
        """Rows of `queryset` the user may `action`; by default none (deny unless a policy says)."""
        return queryset.none()


# Model permissions that Wagtail asks about beside Django's own (draft state, locking, choosers).
_WAGTAIL_MODEL_ACTIONS = ("publish", "lock", "unlock", "choose")


@lru_cache(maxsize=1024)  # models do not change while the process runs
def _is_model_permission(app_label: str, codename: str) -> bool:
    """Whether `app_label.codename` is a model permission (answered by ModelBackend, not a policy)."""
    from django.apps import apps

    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return False
    for model in config.get_models():
        opts = model._meta
        actions = (*opts.default_permissions, *_WAGTAIL_MODEL_ACTIONS)
        if codename in {f"{action}_{opts.model_name}" for action in actions}:
            return True
        if codename in {name for name, _label in opts.permissions}:
            return True
    return False


class _Registry:
    """Permission name → policy, built once from the Wagtail hook (apps are loaded by then)."""

    def __init__(self):
        self._by_name: dict[str, Policy] | None = None
        self._app_labels: set[str] = set()

    def _build(self) -> dict[str, Policy]:
        from wagtail import hooks

        by_name: dict[str, Policy] = {}
        labels: set[str] = set()
        for register in hooks.get_hooks(HOOK_NAME):
            policies = register()
            for policy in policies if isinstance(policies, list | tuple) else [policies]:
                label = policy.get_app_label()
                labels.add(label)
                for action in policy.actions():
                    name = f"{label}.{action}"
                    if name in by_name:
                        raise ImproperlyConfigured(f"two policies answer {name!r}")
                    by_name[name] = policy
        self._app_labels = labels
        return by_name

    def lookup(self, perm: str) -> tuple[Policy, str] | None:
        """(policy, action) for a policy's permission; None for a model permission or another app's.

        A name under an app label that has policies, which is neither a policy's action nor one of
        the app's model permissions (Django's add/change/delete/view, Wagtail's publish/lock/unlock/choose,
        a model's Meta.permissions), is a typo: it raises LookupError instead of denying silently.
        """
        by_name = self._by_name
        if by_name is None:
            by_name = self._by_name = self._build()
        policy = by_name.get(perm)
        if policy is not None:
            return policy, perm.split(".", 1)[1]
        label, dot, action = perm.partition(".")
        if dot and label in self._app_labels and not _is_model_permission(label, action):
            raise LookupError(f"no policy answers {perm!r}")
        return None

    def reset(self) -> None:
        self._by_name = None


registry = _Registry()


class ModelPermissionBackend(ModelBackend):
    """Django's ModelBackend for the model permissions the Wagtail admin asks about, minus the
    policies' names: those are answered by PolicyBackend, and asking ModelBackend first would cost
    two queries (the user's and their groups' permissions) on every page that asks a policy."""

    def has_perm(self, user_obj, perm, obj=None):
        if registry.lookup(perm) is not None:
            return False
        return super().has_perm(user_obj, perm, obj)


class PolicyBackend:
    """Authentication backend that answers `has_perm` from the policies (never authenticates)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        found = registry.lookup(perm)
        if found is None:
            return False
        policy, action = found
        return policy.has_perm(user_obj, action, obj)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return False

    def get_all_permissions(self, user_obj, obj=None) -> set:
        return set()


def visible_to(user, perm: str, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` on which `user` has `perm`, from the policy that answers `perm`."""
    found = registry.lookup(perm)
    if found is None:
        raise LookupError(f"no policy answers {perm!r}")
    policy, action = found
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return queryset.none()
    return policy.visible(user, queryset, action)


def require(user, perm: str, obj=None) -> None:
    """Raise Forbidden (a translated 403 page) unless `user.has_perm(perm, obj)`."""
    if not user.has_perm(perm, obj):
        raise Forbidden()
