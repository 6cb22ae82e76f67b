"""The language a login activates in a test's thread does not outlive the test (tests/conftest.py
`_language_reset`).

The module chooser test in Chromium (tests/e2e/test_assessments_admin.py) failed whenever a runserver
test ran before it: those log a Khmer learner in with `Client().force_login`, which activated Khmer in
the pytest thread for good; the chooser test then built its course in Khmer, so Wagtail's untranslated
`draft_title` of each module (what the English admin shows) was "ម៉ូឌុល 2", not "Module 2". The two
tests below run in this order: the first leaves Khmer active, the second must not see it."""

from django.conf import settings
from django.test import Client
from django.utils import translation

from .factories import make_course


def test_a_login_outside_a_request_activates_the_learners_language(learner):
    Client().force_login(learner)
    assert translation.get_language() == "km"


def test_the_next_test_builds_its_pages_in_the_default_language(db):
    assert translation.get_language() == settings.LANGUAGE_CODE
    course = make_course(modules=1, lessons=1)
    module = course.get_children().specific().get()
    assert (course.draft_title, module.draft_title) == (course.title_en, "Module 1")
