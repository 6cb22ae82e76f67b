"""What planning does when other apps announce something."""

from django.dispatch import receiver

from core.signals import demo_data_loaded


@receiver(demo_data_loaded, dispatch_uid="planning.demo")
def load_demo(sender, users, courses, stdout=None, **kwargs):
    from .demo import load_demo_planning

    load_demo_planning(users=users, courses=courses, stdout=stdout)
