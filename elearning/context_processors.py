"""What every page's header and footer need: the language switcher and the menu."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info


def _languages():
    current = get_language()
    return [
        {"code": code, "name_local": get_language_info(code)["name_local"], "current": code == current}
        for code, _name in settings.LANGUAGES
    ]


def _menu(request):
    from people import permissions
    from people.models import Role

    user = request.user
    return {
        # Role primitives, not has_perm: a permission without an object would cost Django's
        # ModelBackend two queries on every page.
        "is_editor": permissions.has_role(user, Role.CONTENT_EDITOR),
        "is_trainer": permissions.has_role(user, Role.TRAINER),
        "is_hr": not permissions.scope_for(user, Role.HR_PLANNER).is_empty,
        "is_admin": permissions.is_administrator(user),
    }


def site_chrome(request):
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "languages": _languages(),
        "menu": SimpleLazyObject(lambda: _menu(request)),
        "signup_open": settings.ALLOW_SIGNUP,
    }
