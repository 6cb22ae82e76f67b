"""Site-wide views: language choice, error pages, health check.

Views raise core errors (the middleware renders them); the handlers below are Django's own error
hooks (CSRF failure, 400/403/404/500), which must return a response, so they render one directly.
"""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import InvalidInput
from core.http import error_response, set_language_cookie

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@require_POST
def set_language(request):
    """Switch language, remember it on the user's profile, and return to the same page in it."""
    code = request.POST.get("language", "")
    if code not in LANGUAGE_CODES:
        raise InvalidInput(_("This language is not available."))
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(translate_url(next_url, code))
    set_language_cookie(response, code)
    if request.user.is_authenticated and request.user.preferred_language != code:
        request.user.preferred_language = code
        request.user.save(update_fields=["preferred_language"])
    return response


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    return error_response(
        request, _("Your form has expired or was changed. Please go back, reload the page and try again."), status=403
    )


def bad_request(request, exception=None):
    return error_response(request, _("The request could not be understood."), status=400)


def permission_denied(request, exception=None):
    return error_response(request, _("You do not have permission to see this page."), status=403)


def page_not_found(request, exception=None):
    return error_response(request, _("We could not find this page."), status=404)


def server_error(request):
    # Rendered without context processors' database work: the database may be why we are here.
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({}), status=500)
