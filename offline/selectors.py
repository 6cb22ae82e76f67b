"""Reads for the offline app."""

from django.utils.translation import gettext as _

from core.errors import NotFound
from courses.models import Enrolment, LessonPage, ModulePage


def offline_pages(request, *, user, course_id):
    """The course page, its modules and its lessons (live ones, in tree order) as addresses in the
    active language, for a learner enrolled in the course; NotFound for anyone else, so the
    answer does not tell whether the course exists. Three queries."""
    enrolment = Enrolment.objects.select_related("course").filter(learner=user, course_id=course_id).first()
    if enrolment is None or not enrolment.course.live:
        raise NotFound(_("You are not enrolled in this course."))
    course = enrolment.course
    pages = [course]
    for model in (ModulePage, LessonPage):
        pages += list(model.objects.live().descendant_of(course).order_by("path"))
    pages.sort(key=lambda page: page.path)
    return [page.get_url(request) for page in pages]
