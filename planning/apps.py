from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Training plans and calendar")

    def ready(self):
        from . import receivers  # noqa: F401  (the demo data)
