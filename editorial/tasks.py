"""A large translator's file is applied in the background: same service, same one transaction.

Safe to run twice: a second run finds the translations already in place and changes nothing.
"""

import polib
from django.contrib.auth import get_user_model
from django_tasks import task


@task()
def import_translations(course_id, text, user_id=None):
    from courses.models import CoursePage

    from . import roundtrip

    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:  # deleted since the upload: nothing to translate
        return 0
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    plan = roundtrip.apply_import(course=course, po=polib.pofile(text), user=user)
    return len(plan.changes)
