from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("Cohorts and live training")

    def ready(self):
        from . import completion, receivers  # noqa: F401  (register the requirement and the receivers)

        completion.connect()
