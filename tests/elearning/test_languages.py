"""Khmer and Lao first: registration, translations, switcher, fallback marking, fonts."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import formats, translation
from django.utils.translation import get_language_info

from courses.models import LessonPage
from courses.services import enrol

from ..factories import lessons_of, make_course

ROOT = Path(settings.BASE_DIR)


def test_lao_is_registered_with_its_local_name_and_formats():
    info = get_language_info("lo")
    assert info["name_local"] == "ລາວ" and info["bidi"] is False
    with translation.override("lo"):
        assert formats.get_format("SHORT_DATE_FORMAT") == "d/m/Y"
        assert formats.get_format("THOUSAND_SEPARATOR") == ","
    with translation.override("km"):
        assert formats.get_format("DECIMAL_SEPARATOR") == ","


@pytest.mark.parametrize("lang", ["km", "lo"])
def test_every_catalogue_string_is_translated(lang):
    catalogues = [p for p in ROOT.glob(f"**/locale/{lang}/LC_MESSAGES/django.po") if ".venv" not in p.parts]
    assert catalogues, "no catalogue"
    for path in catalogues:
        po = polib.pofile(str(path))
        missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
        assert not missing, f"{path}: untranslated {missing[:5]}"
        for entry in po.translated_entries():
            text = entry.msgstr or entry.msgstr_plural.get(0, "")
            script = r"[\u1780-\u17FF]" if lang == "km" else r"[\u0E80-\u0EFF]"
            letters = re.sub(r"%\(\w+\)[sd]|\{[^}]*\}|<[^>]+>|[%\W\d_]", "", text)
            assert not letters or re.search(script, text), f"{path}: not in {lang} script: {entry.msgid!r} -> {text!r}"


@pytest.mark.django_db
@pytest.mark.parametrize("lang,word", [("km", "វគ្គសិក្សា"), ("lo", "ຫຼັກສູດ")])
def test_catalogue_speaks_the_language(client, lang, word):
    make_course()
    html = client.get(f"/{lang}/").content.decode()
    assert f'<html lang="{lang}">' in html
    assert word in html
    for english in ("Log in", "Courses", "Skip to main content", "All tiers"):
        assert f">{english}<" not in html


@pytest.mark.django_db
def test_switching_language_is_remembered_on_the_profile(logged_in, learner, course):
    path = f"/en{course.url_path[len('/courses') :]}"
    response = logged_in.post("/i18n/setlang/", {"language": "lo", "next": path})
    assert response.status_code == 302 and response["Location"] == "/lo" + path[3:]
    learner.refresh_from_db()
    assert learner.preferred_language == "lo"


@pytest.mark.django_db
def test_unknown_language_is_refused_with_a_message(logged_in, learner):
    response = logged_in.post("/i18n/setlang/", {"language": "xx", "next": "/en/"})
    assert response.status_code == 400
    learner.refresh_from_db()
    assert learner.preferred_language == "km"


@pytest.mark.django_db
def test_login_opens_the_site_in_the_preferred_language(client, learner):
    response = client.post("/en/accounts/login/", {"username": learner.username, "password": "pass-word-123"})
    assert response.status_code == 302 and response["Location"].startswith("/km/")


@pytest.mark.django_db
def test_missing_translation_shows_english_marked_as_such(logged_in, learner):
    course = make_course(modules=1, lessons=1)
    lesson = LessonPage.objects.get(pk=lessons_of(course)[0].pk)
    lesson.body_lo = []
    lesson.title_lo = ""
    lesson.save()
    enrol(learner=learner, course=course)
    html = logged_in.get(f"/lo{lesson.url_path[len('/courses') :]}").content.decode()
    assert "English body 1.1" in html
    assert '<div class="lesson-body" lang="en">' in html
    assert "untranslated-note" in html
    assert '<h1 lang="en">Lesson 1.1</h1>' in html
    html_km = logged_in.get(f"/km{lesson.url_path[len('/courses') :]}").content.decode()
    assert "អត្ថបទ 1.1" in html_km and "untranslated-note" not in html_km


def test_fonts_ship_with_their_licence_and_the_css_uses_them():
    css = Path(finders.find("css/site.css")).read_text()
    for name in ("NotoSansKhmer-Regular.woff2", "NotoSansLao-Regular.woff2"):
        assert name in css
        assert finders.find(f"fonts/{name}")
    assert "SIL Open Font License" in Path(finders.find("fonts/OFL.txt")).read_text()
