"""The editors' admin screens: translation report, PO export/import views, course listing, offline admin."""

import re

import polib
import pytest
from django.utils import translation

from courses.models import LessonPage, ModulePage
from editorial import roundtrip
from people.models import Role

from ..factories import lessons_of, make_course, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_staff(username="editor", roles=(Role.CONTENT_EDITOR,))
    client.force_login(user)
    return client


def test_a_learner_and_a_trainer_cannot_see_the_translation_screens(client):
    course = make_course(modules=1, lessons=1)
    for role in (Role.LEARNER, Role.TRAINER):
        client.force_login(make_staff(roles=(role,)))
        for url in (f"/admin/translations/{course.pk}/", f"/admin/translations/{course.pk}/export/km/"):
            assert client.get(url).status_code in (302, 403), (role, url)


def test_the_report_lists_each_missing_field_with_a_link_to_edit_it(editor, django_assert_max_num_queries):
    course = make_course(modules=1, lessons=2)
    first, second = lessons_of(course)
    second.title_lo = ""
    second.save_revision().publish()
    module = ModulePage.objects.child_of(course).get()
    module.intro_en, module.intro_km, module.intro_lo = "Why it matters", "", "ເປັນຫຍັງຈຶ່ງສຳຄັນ"
    module.save_revision().publish()

    with django_assert_max_num_queries(40):
        response = editor.get(f"/admin/translations/{course.pk}/")

    html = response.content.decode()
    km = html.split('data-language="km"')[1].split('data-language="lo"')[0]
    lo = html.split('data-language="lo"')[1]
    assert re.findall(r'data-field="(\w+)"', km) == ["intro"]
    assert re.findall(r'data-field="(\w+)"', lo) == ["title"]
    assert f'href="/admin/pages/{module.pk}/edit/"' in km
    assert f'href="/admin/pages/{second.pk}/edit/"' in lo
    assert f"/admin/pages/{first.pk}/edit/" not in html


def test_the_status_index_and_the_course_listing_show_the_computed_languages(editor):
    course = make_course(modules=1, lessons=1, languages=())
    lesson = lessons_of(course)[0]
    lesson.title_km = ""
    lesson.save_revision().publish()  # computes ["lo", "en"]

    for url in ("/admin/translations/", "/admin/course_listing/"):
        html = editor.get(url).content.decode()
        assert 'translation-badge--complete" lang="lo"' in html, url
        assert 'translation-badge--missing"><span lang="km"' in html, url


def test_export_then_import_through_the_admin_previews_then_applies(editor):
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]
    response = editor.get(f"/admin/translations/{course.pk}/export/km/")
    assert response.status_code == 200
    assert f"course-{course.pk}-" in response["Content-Disposition"]
    po = polib.pofile(response.content.decode())
    for entry in po:
        if entry.msgctxt.startswith(f"courses.lessonpage:{lesson.pk}:title:"):
            entry.msgstr = "មេរៀនថ្មី"
    upload = str(po).encode()

    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = editor.post(f"/admin/translations/{course.pk}/import/", {"file": SimpleUploadedFile("km.po", upload)})
    assert preview.status_code == 200
    assert "មេរៀនថ្មី" in preview.content.decode()
    assert LessonPage.objects.get(pk=lesson.pk).title_km != "មេរៀនថ្មី"  # nothing saved yet

    digest = re.search(r'name="digest" value="(\w+)"', preview.content.decode()).group(1)
    applied = editor.post(f"/admin/translations/{course.pk}/import/apply/", {"digest": digest})
    assert applied.status_code == 302
    assert LessonPage.objects.get(pk=lesson.pk).title_km == "មេរៀនថ្មី"


def test_a_file_for_another_course_is_refused_by_the_view_with_a_400(editor):
    course, other = make_course(modules=1, lessons=1), make_course(modules=1, lessons=1)
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = str(roundtrip.export_po(other, "km")).encode()
    response = editor.post(f"/admin/translations/{course.pk}/import/", {"file": SimpleUploadedFile("km.po", data)})
    assert response.status_code == 400
    assert "another course" in response.content.decode()


def test_a_malformed_file_gets_a_clear_translated_400(editor):
    course = make_course(modules=1, lessons=1)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = editor.post(
        f"/admin/translations/{course.pk}/import/",
        {"file": SimpleUploadedFile("km.po", b"this is not a translation file\n")},
        HTTP_ACCEPT_LANGUAGE="km",
    )
    assert response.status_code == 400
    message = "The file could not be read as a translation file (.po): it is damaged."
    assert message in response.content.decode() or _in_khmer(message) in response.content.decode()
    assert re.search("[\u1780-\u17ff]", _in_khmer(message))  # the message has a real Khmer translation


def _in_khmer(message):
    with translation.override("km"):
        return translation.gettext(message)


def test_a_huge_course_id_is_a_404_not_a_500(editor):
    response = editor.get("/admin/translations/99999999999999999999999/", follow=True)
    assert response.status_code == 404


def test_the_admin_dashboard_reaches_for_nothing_on_the_internet(client):
    client.force_login(make_staff(username="boss", roles=(Role.ADMINISTRATOR,)))
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
    assert 'data-controller="w-upgrade"' not in html  # its script would fetch releases.wagtail.org
    # Nothing the browser fetches by itself points outside (a <noscript> help link is only a link).
    assert not re.findall(r'src="(?:https?:)?//', html)
    assert not re.findall(r'<link[^>]+href="(?:https?:)?//', html)


def test_every_admin_screen_loads_the_khmer_and_lao_fonts(editor):
    lesson = lessons_of(make_course(modules=1, lessons=1))[0]
    for url in ("/admin/", f"/admin/pages/{lesson.pk}/edit/", "/admin/course_listing/", "/admin/translations/"):
        assert "/static/css/admin.css" in editor.get(url).content.decode(), url


def test_a_large_import_is_applied_by_the_background_task(editor, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from editorial import views

    monkeypatch.setattr(views, "LARGE_IMPORT", 0)
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]
    po = roundtrip.export_po(course, "km")
    for entry in po:
        if entry.msgctxt.startswith(f"courses.lessonpage:{lesson.pk}:title:"):
            entry.msgstr = "មេរៀនក្នុងផ្ទៃខាងក្រោយ"
    preview = editor.post(
        f"/admin/translations/{course.pk}/import/", {"file": SimpleUploadedFile("km.po", str(po).encode())}
    )
    digest = re.search(r'name="digest" value="(\w+)"', preview.content.decode()).group(1)

    response = editor.post(f"/admin/translations/{course.pk}/import/apply/", {"digest": digest}, follow=True)

    assert "in the background" in response.content.decode()  # the immediate backend of the tests ran it
    assert LessonPage.objects.get(pk=lesson.pk).title_km == "មេរៀនក្នុងផ្ទៃខាងក្រោយ"
