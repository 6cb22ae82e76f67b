"""After login, the site speaks the language the person chose last time."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in)
def activate_preferred_language(sender, request, user, **kwargs):
    if user.preferred_language and request is not None:
        translation.activate(user.preferred_language)
        request.LANGUAGE_CODE = user.preferred_language
