"""The one place where application errors become pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .errors import ApplicationError
from .http import error_response


class ApplicationErrorMiddleware:
    """Render an ApplicationError raised by a view or service as the translated error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        if isinstance(exception, ApplicationError):
            response = error_response(request, exception.message, status=exception.status)
            return response.render()
        return None
