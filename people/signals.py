"""After login, the site speaks the language the person chose last time; roles drive Wagtail's flags."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation

from .models import RoleAssignment


@receiver(user_logged_in)
def activate_preferred_language(sender, request, user, **kwargs):
    if user.preferred_language and request is not None:
        translation.activate(user.preferred_language)
        request.LANGUAGE_CODE = user.preferred_language


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
def sync_flags_with_roles(sender, instance, **kwargs):
    from .permissions import roles_changed
    from .services import sync_wagtail_flags

    roles_changed()
    sync_wagtail_flags(instance.user)
