"""The site's URLs plus views that raise each application error, for tests/core/test_errors.py."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import path

from core import errors
from elearning.urls import urlpatterns as site_urlpatterns

ERRORS = {
    "invalid-input": errors.InvalidInput,
    "forbidden": errors.Forbidden,
    "not-found": errors.NotFound,
    "not-allowed-here": errors.NotAllowedHere,
    "conflict": errors.Conflict,
    "gone": errors.Gone,
    "time-up": errors.TimeUp,
    "application-error": errors.ApplicationError,
}


def raise_error(request, name):
    raise ERRORS[name]()


def raise_with_message(request):
    raise errors.Conflict("Already submitted <b>twice</b>", status=422)


def create_group(*, name):
    """A service: its write and its refusal are one transaction."""
    with transaction.atomic():
        Group.objects.create(name=name)
        raise errors.Conflict()


def half_saving_view(request):
    Group.objects.create(name="kept: saved before the service was called")
    create_group(name="rolled back")


urlpatterns = [
    *i18n_patterns(
        path("core-test/raise/<slug:name>/", raise_error),
        path("core-test/message/", raise_with_message),
        path("core-test/service/", half_saving_view),
    ),
    *site_urlpatterns,
]
