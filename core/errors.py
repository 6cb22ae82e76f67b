"""The application's error types: services raise them, one middleware renders them.

A service that refuses an action raises one of these with a translated message; the view does
not catch it. `core.middleware.ApplicationErrorMiddleware` turns it into the site's error page in
the reader's language with the status the class names, and the transaction the service opened has
already been rolled back, so nothing is half-saved.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """An action the rules refuse, with a message the user can act on (HTTP 400 by default)."""

    status = 400
    default_message = _("This action is not possible here.")

    def __init__(self, message: str | None = None, *, status: int | None = None):
        self.message = message if message is not None else self.default_message
        if status is not None:
            self.status = status
        super().__init__(str(self.message))


class InvalidInput(ApplicationError):
    """The request's data cannot be used (a bad filter, an unreadable file, a value out of range)."""

    status = 400
    default_message = _("The request could not be understood.")


class Forbidden(ApplicationError):
    status = 403
    default_message = _("You do not have permission to see this page.")


class NotFound(ApplicationError):
    status = 404
    default_message = _("We could not find this page.")


class NotAllowedHere(ApplicationError):
    """The action exists, but not by this method (a GET to a form that only takes POST)."""

    status = 405
    default_message = _("This page cannot be used this way.")


class Conflict(ApplicationError):
    """The action clashes with the object's state (already submitted, full, not started yet)."""

    status = 409


class Gone(ApplicationError):
    """The object existed and no longer may be used (a revoked certificate, an expired preview)."""

    status = 410
    default_message = _("This is no longer available.")


class TimeUp(Conflict):
    """A deadline has passed (a timed quiz, a close date)."""

    default_message = _("The time for this has run out.")
