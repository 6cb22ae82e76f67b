from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = _("Competencies and HR")

    def ready(self):
        from . import panels, receivers  # noqa: F401  (signals, dashboard panels)
