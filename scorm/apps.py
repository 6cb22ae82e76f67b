from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    name = "scorm"
    verbose_name = _("SCORM packages")

    def ready(self):
        from core.signals import demo_data_loaded

        from . import receivers  # noqa: F401  (a deleted package's files are removed)
        from .demo import load_demo_package

        demo_data_loaded.connect(load_demo_package, dispatch_uid="scorm_demo")
