from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    # The label "search" does not clash with Wagtail's own search app, whose label is "wagtailsearch".
    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401  (keeps the index in step with publishing and staff records)
