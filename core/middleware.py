"""The one place where application errors become pages."""

from .errors import ApplicationError
from .http import error_response


class ApplicationErrorMiddleware:
    """Render an ApplicationError raised by a view or service as the translated error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ApplicationError):
            response = error_response(request, exception.message, status=exception.status)
            return response.render()
        return None
