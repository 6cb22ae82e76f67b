from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Training plans and calendar")

    def ready(self):
        from core.cache import track_person_rows

        from . import receivers  # noqa: F401  (the demo data)
        from .models import Assignment

        # A learner's assigned training shows on My learning, cached per person (core.cache).
        track_person_rows(Assignment, lambda assignment: assignment.learner_id)
