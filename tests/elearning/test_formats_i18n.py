"""One number and date format per language, time zones named in the reader's language, and
underlines that leave Khmer and Lao letters below the line readable."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

from elearning.templatetags.elearning_tags import time_zone_name

ROOT = Path(settings.BASE_DIR)

# The same share shown by a template, by Python code and by a blocktranslate sentence.
EXPECTED = {"km": "55,6", "lo": "55.6", "en": "55.6"}


@pytest.mark.parametrize("lang", ["km", "lo", "en"])
def test_a_number_reads_the_same_however_it_is_written(lang):
    share = 55.6
    template = Template(
        "{% load i18n %}{{ share }}|{{ share|floatformat:1 }}|{{ dec }}|"
        "{% blocktranslate with percent=share %}{{ percent }}%{% endblocktranslate %}"
    )
    with translation.override(lang):
        rendered = template.render(Context({"share": share, "dec": Decimal("55.60")})).split("|")
        assert formats.localize(share) == EXPECTED[lang]
        assert formats.number_format(share, 1) == EXPECTED[lang]
        assert formats.number_format(round(100 * 5 / 9, 1), 1) == EXPECTED[lang]
    assert rendered == [EXPECTED[lang], EXPECTED[lang], EXPECTED[lang] + "0", EXPECTED[lang] + "%"]


@pytest.mark.parametrize("lang,decimal,thousands", [("km", ",", "."), ("lo", ".", ","), ("en", ".", ",")])
def test_each_language_has_one_pair_of_separators(lang, decimal, thousands):
    with translation.override(lang):
        assert formats.get_format("DECIMAL_SEPARATOR") == decimal
        assert formats.get_format("THOUSAND_SEPARATOR") == thousands
        assert formats.number_format(1250.5, 1, force_grouping=True) == f"1{thousands}250{decimal}5"


@pytest.mark.parametrize("lang", ["en", "km", "lo"])
def test_dates_are_day_first_in_every_language_admin_included(lang):
    day = date(2026, 1, 12)
    with translation.override(lang):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "12/01/2026"
        assert formats.date_format(datetime(2026, 1, 12, 9, 5), "SHORT_DATETIME_FORMAT") == "12/01/2026 09:05"
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
        # What a person types is read day first as well.
        assert forms.DateField().clean("12/01/2026") == day
    with translation.override("en"):
        assert formats.date_format(day, "DATE_FORMAT") == "12 January 2026"


@pytest.mark.parametrize(
    "lang,zone,expected",
    [
        ("km", "Asia/Phnom_Penh", "ភ្នំពេញ"),
        ("lo", "Asia/Phnom_Penh", "ພະນົມເປັນ"),
        ("km", "Asia/Vientiane", "វៀងចន្ទន៍"),
        ("lo", "Asia/Vientiane", "ວຽງຈັນ"),
        ("en", "Asia/Phnom_Penh", "Phnom Penh"),
        ("km", "Europe/Isle_of_Man", "Isle of Man"),
    ],
)
def test_a_time_zone_is_named_by_its_city_never_by_its_id(lang, zone, expected):
    with translation.override(lang):
        assert str(time_zone_name(zone)) == expected
        rendered = Template("{% load elearning_tags %}{{ zone|time_zone_name }}").render(Context({"zone": zone}))
    assert rendered == expected
    assert "_" not in rendered and "/" not in rendered


def test_underlines_clear_khmer_and_lao_letters_below_the_line():
    css = (ROOT / "elearning" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    rule = css[css.index(":lang(km) a") :].split("}", 1)[0]
    assert ":lang(lo) a" in rule
    assert "text-underline-position: under" in rule
    assert "text-decoration-skip-ink: auto" in rule
