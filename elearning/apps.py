from django.apps import AppConfig


class ElearningConfig(AppConfig):
    name = "elearning"
    verbose_name = "PES Learning site"

    def ready(self):
        from .middleware import connect

        connect()
