from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Course evaluations")

    def ready(self):
        from . import receivers  # noqa: F401  (connects signal receivers)

        receivers.connect()
