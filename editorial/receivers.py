"""A course's languages follow its content: recomputed whenever a page of the course is (un)published.

Wagtail sends these signals inside the publishing transaction, after the live row is written, so
the computation reads the new content and its result commits (or rolls back) with it.
"""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from core.signals import demo_data_loaded
from courses.models import CoursePage

from .status import course_of, refresh_course_languages


def _refresh(sender, instance, **kwargs):
    course = course_of(instance)
    if course is not None:
        refresh_course_languages(course)


page_published.connect(_refresh, dispatch_uid="editorial_languages_on_publish")
page_unpublished.connect(_refresh, dispatch_uid="editorial_languages_on_unpublish")


@receiver(demo_data_loaded, dispatch_uid="editorial_demo_languages")
def demo_languages(sender, **kwargs):
    """The demo's courses get their languages from their content too, not from the demo file."""
    for course in CoursePage.objects.all():
        refresh_course_languages(course)
