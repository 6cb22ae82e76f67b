"""Wagtail's page privacy still applies to course pages (answered from the shared cache)."""

import pytest
from wagtail.models import PageViewRestriction

from courses.services import enrol

from ..factories import lessons_of, make_course

pytestmark = pytest.mark.django_db


def _url(page):
    return f"/en{page.url_path[len('/courses') :]}"


def test_a_password_on_a_course_protects_its_lessons(logged_in, learner):
    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    lesson = lessons_of(course)[0]
    assert logged_in.get(_url(lesson)).status_code == 200
    restriction = PageViewRestriction.objects.create(page=course, restriction_type="password", password="s3cret")
    html = logged_in.get(_url(lesson)).content.decode()
    assert "English body 1.1" not in html and "password" in html.lower()
    restriction.delete()
    assert "English body 1.1" in logged_in.get(_url(lesson)).content.decode()
