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


@pytest.mark.parametrize("lang", ["km", "lo"])
def test_catalogues_write_numbers_in_the_digits_the_platform_formats_numbers_with(lang):
    """A sentence's "15 minutes" reads as the "80%" and the dates beside it, never as ១៥ or ໑໕."""
    from tests.elearning.test_glossary import translations

    native = re.compile("[\u17e0-\u17e9\u0ed0-\u0ed9]")
    assert not [(app, msgid) for app, _ctx, msgid, text in translations(lang) if native.search(text)]


def test_the_khmer_number_hint_shows_the_decimal_comma_khmer_pages_use():
    from django.utils import translation

    with translation.override("km"):
        hint = translation.gettext("Type a number of at most 20 digits, like 42 or 3.5.")
    assert "3,5" in hint and "20" in hint
