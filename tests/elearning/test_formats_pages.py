"""Pages people read show numbers in one format per language: the catalogue, a course, the HR
dashboard (never "55,6%" beside "33.3" on one page, never "21,0 hours")."""

import re

import pytest
from django.utils.html import strip_tags

from courses.models import CoursePage
from tests.competencies.helpers import make_framework, planner, seed
from tests.factories import make_course, make_staff

pytestmark = pytest.mark.django_db

DECIMAL = re.compile(r"(?<![\d/:.,])\d+([.,])\d+(?![\d/:])")
SEPARATOR = {"km": ",", "lo": ".", "en": "."}


def _decimals(response):
    assert response.status_code == 200
    text = " ".join(strip_tags(response.content.decode()).split())
    return text, [(m.group(0), m.group(1)) for m in DECIMAL.finditer(text)]


@pytest.mark.parametrize("lang", ["km", "lo", "en"])
def test_course_hours_are_shown_without_a_trailing_zero_and_with_the_languages_decimal_separator(client, lang):
    half = make_course(modules=1, lessons=1)
    whole = make_course(modules=1, lessons=1)
    CoursePage.objects.filter(pk=half.pk).update(duration_hours="4.5")
    CoursePage.objects.filter(pk=whole.pk).update(duration_hours="21.0")
    client.force_login(make_staff(preferred_language=lang))
    catalogue, numbers = _decimals(client.get(f"/{lang}/"))
    assert f"4{SEPARATOR[lang]}5" in catalogue
    assert {sep for _n, sep in numbers} == {SEPARATOR[lang]}, numbers
    course, _numbers = _decimals(client.get(f"/{lang}{whole.url_path[len('/courses') :]}"))
    for text in (catalogue, course):
        assert "21,0" not in text and "21.0" not in text
    assert re.search(r"\b21\b", course)


@pytest.mark.parametrize("lang", ["km", "lo"])
def test_every_number_on_the_hr_dashboard_uses_the_languages_decimal_separator(client, lang):
    seed(make_framework(), size=2)
    client.force_login(planner())
    _text, numbers = _decimals(client.get(f"/{lang}/hr/"))
    assert numbers, "the dashboard shows shares with one decimal"
    assert {sep for _n, sep in numbers} == {SEPARATOR[lang]}, numbers
