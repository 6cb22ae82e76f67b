"""Small HTTP helpers every app shares: the error page, bounded ids, the language cookie."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse

from .errors import NotFound

# Primary keys are 64-bit; anything larger cannot name a row and must not reach the database.
MAX_ID = 2**63 - 1


def error_response(request: HttpRequest, message, *, status: int) -> TemplateResponse:
    """A page that says in the reader's language what went wrong, with the right 4xx status."""
    return TemplateResponse(request, "error.html", {"message": message, "status": status}, status=status)


def object_id(value: object, *, message=None) -> int:
    """A positive database id from a URL or form value, or NotFound: never a 500 for a huge number.

    Only an int or a string of ASCII digits counts: not a float ("1e30", inf), a bool, a sign, an
    underscore or non-ASCII digits, all of which `int()` would take.
    """
    if isinstance(value, str):
        text = value.strip()
        # 19 digits hold every 64-bit id; a longer string is refused before it is parsed.
        if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
            raise NotFound(message)
        number = int(text)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raise NotFound(message)
    if not 0 < number <= MAX_ID:
        raise NotFound(message)
    return number


def set_language_cookie(response: HttpResponseBase, code: str) -> HttpResponseBase:
    """Remember the reader's language with the cookie settings every path must share."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
