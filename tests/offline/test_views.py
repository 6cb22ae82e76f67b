"""The offline app's own URLs: manifest per language, service worker headers, offline page,
and the list of a course's pages (enrolled learners only)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from courses.models import LessonPage, ModulePage
from courses.services import enrol
from offline.identity import BACKGROUND_COLOR, ICONS, THEME_COLOR

from ..factories import make_course, make_staff

pytestmark = pytest.mark.django_db

NAMES = {"km": "ការសិក្សា PES", "lo": "ການຮຽນ PES", "en": "PES Learning"}


@pytest.mark.parametrize("lang", ["km", "lo", "en"])
def test_the_manifest_names_the_app_in_its_language(client, lang):
    response = client.get(f"/offline/{lang}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == NAMES[lang]
    assert data["lang"] == lang
    assert data["start_url"] == f"/{lang}/learning/"
    assert data["display"] == "standalone"
    if lang != "en":
        assert data["description"] != "Courses for Public Employment Services officers, also without a connection."
    assert {(icon["sizes"], icon["purpose"]) for icon in data["icons"]} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }


def test_the_manifest_of_an_unknown_language_is_not_found(client):
    assert client.get("/offline/xx/manifest.webmanifest").status_code == 404


def test_the_icons_are_pngs_of_the_sizes_the_manifest_gives():
    root = Path(settings.BASE_DIR) / "offline" / "static"
    for path, size, _purpose in ICONS:
        with Image.open(root / path) as image:
            assert image.format == "PNG"
            assert image.size == (size, size)


def test_the_app_colours_are_the_stylesheets_brand():
    css = (Path(settings.BASE_DIR) / "elearning" / "static" / "css" / "site.css").read_text()
    brand = re.search(r"--brand:\s*(#[0-9a-fA-F]{6})", css).group(1)
    assert THEME_COLOR.lower() == brand.lower()
    assert BACKGROUND_COLOR.lower() == brand.lower()


def test_the_service_worker_is_served_from_the_root_never_stale(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    version = re.search(r'const VERSION = "([0-9a-f]{12})"', body).group(1)
    assert '"shell-" + VERSION' in body
    for url in ["/static/css/site.css", "/static/offline/app.js", "/offline/km/", "/offline/lo/"]:
        assert f'"{url}"' in body
    assert 'request.method !== "GET"' in body  # a POST is never answered from, nor put in, a cache
    assert client.get("/sw.js").content.decode().count(version) == 1  # the same version while nothing changed


def test_pages_carry_the_manifest_of_their_language_and_the_worker_script(client):
    response = client.get("/lo/")
    html = response.content.decode()
    assert '<link rel="manifest" href="/offline/lo/manifest.webmanifest">' in html
    assert '<meta name="theme-color" content="#0b4f8a">' in html
    assert '<script src="/static/offline/app.js" defer></script>' in html
    assert "<script>" not in html  # no inline script: the Content-Security-Policy forbids them


@pytest.mark.parametrize(("lang", "words"), [("km", "គ្មានការតភ្ជាប់"), ("lo", "ບໍ່ມີການເຊື່ອມຕໍ່")])
def test_the_offline_page_speaks_its_language_and_holds_no_personal_data(client, lang, words):
    client.force_login(make_staff(username="someone-private"))
    response = client.get(f"/offline/{lang}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert words in html
    assert "someone-private" not in html
    assert "csrfmiddlewaretoken" not in html


def test_an_enrolled_learner_gets_the_pages_of_the_course_in_their_language(client):
    learner = make_staff(username="saver")
    course = make_course(modules=2, lessons=2)
    enrol(learner=learner, course=course)
    client.force_login(learner)
    response = client.get(f"/offline/km/courses/{course.pk}/pages.json")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    pages = response.json()["pages"]
    lessons = LessonPage.objects.descendant_of(course).live()
    modules = ModulePage.objects.descendant_of(course).live()
    assert len(pages) == 1 + modules.count() + lessons.count() + 1 == 8
    assert pages[-1] == "/km/cohorts/check-in/"  # a code typed in a room without signal is queued there
    assert all(url.startswith("/km/") for url in pages)
    assert set(response.json()["versions"]) == set(pages[:-1])
    assert pages[0] == f"/km{course.url_path[len(course.get_parent().url_path) - 1 :]}"


def test_a_learner_not_enrolled_gets_nothing(client):
    course = make_course(modules=1, lessons=1)
    client.force_login(make_staff(username="stranger"))
    assert client.get(f"/offline/km/courses/{course.pk}/pages.json").status_code == 404
    assert client.get("/offline/km/courses/99999999999999999999/pages.json").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    course = make_course(modules=1, lessons=1)
    response = client.get(f"/offline/km/courses/{course.pk}/pages.json")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_course_page_of_an_enrolled_learner_offers_to_save_it(client):
    learner = make_staff(username="panel")
    course = make_course(modules=1, lessons=1)
    other = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    client.force_login(learner)
    html = client.get(f"/km/{course.slug}/").content.decode()
    assert f'data-pages="/offline/km/courses/{course.pk}/pages.json"' in html
    assert f'data-cache="course-{learner.pk}-{course.pk}"' in html
    assert "{date}" in html and "{size}" in html  # the script fills them in
    assert 'data-testid="offline-course"' not in client.get(f"/km/{other.slug}/").content.decode()
