"""Where the evaluations app listens: the demo loader (the survey is offered through page hooks,
wagtail_hooks.py, from the completion recorded by courses)."""

from django.dispatch import receiver

from core.signals import demo_data_loaded


@receiver(demo_data_loaded, dispatch_uid="evaluations_demo_data")
def load_demo(sender, users, courses, stdout, **kwargs):
    from .demo import load_demo_evaluations

    load_demo_evaluations(users=users, courses=courses, stdout=stdout)
