from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from core.signals import demo_data_loaded

        from . import caching

        caching.connect()

        from . import completion  # noqa: F401  (register the completion requirement)
        from .demo import load_demo_quizzes

        demo_data_loaded.connect(load_demo_quizzes, dispatch_uid="assessments_demo")
        from .interop.demo import load_demo_question_bank

        demo_data_loaded.connect(load_demo_question_bank, dispatch_uid="assessments_interop_demo")
