from django.apps import AppConfig
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from .text import normalise_khmer_before_save

        # Every model: the receiver looks up the model's Khmer columns once (khmer_text_fields is cached).
        pre_save.connect(normalise_khmer_before_save, dispatch_uid="core.normalise_khmer")
