"""Admin import (upload, preview, confirm) and export views, asked through the policy."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Question
from people.models import Role

from ...factories import make_staff
from ..helpers import make_category, make_question, make_quiz
from .conftest import FILES

IMPORT = "/admin/questions/import/"
EXPORT = "/admin/questions/export/"


@pytest.fixture
def editor(db):
    return make_staff(username="editor", roles=(Role.CONTENT_EDITOR,))


def _upload(name):
    return SimpleUploadedFile(name, (FILES / name).read_bytes())


@pytest.mark.django_db
def test_learners_and_trainers_may_not_import_or_export(client, bank):
    for role in (Role.LEARNER, Role.TRAINER):
        user = make_staff(roles=(role,))
        client.force_login(user)
        assert not user.has_perm("assessments.import_questions", bank)
        assert not user.has_perm("assessments.export_questions", bank)
        for url in (IMPORT, EXPORT):
            assert client.get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_preview_shows_counts_skipped_warnings_and_imports_on_confirm(client, editor, bank):
    client.force_login(editor)
    assert editor.has_perm("assessments.import_questions", bank)
    assert client.get(f"{IMPORT}?bank={bank.pk}").status_code == 200
    response = client.post(IMPORT, {"bank": bank.pk, "language": "en", "file": _upload("all_types.xml")})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Describe an interview" in html and "essay" in html
    assert "Import 8 questions" in html
    assert "gives 50% in Moodle" in html
    assert not Question.objects.exists()  # nothing before the confirmation
    token = response.context["token"]
    response = client.post(IMPORT, {"token": token})
    assert response.status_code == 302
    assert Question.objects.filter(category__bank=bank).count() == 8
    assert client.post(IMPORT, {"token": token}).status_code == 410  # a token is used once


@pytest.mark.django_db
def test_the_forms_and_the_bank_listing_buttons(client, editor, bank, django_assert_max_num_queries):
    client.force_login(editor)
    for url in (IMPORT, EXPORT):
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200
    listing = client.get("/admin/snippets/assessments/questionbank/").content.decode()
    assert f"{IMPORT}?bank={bank.pk}" in listing
    assert f"{EXPORT}?bank={bank.pk}&amp;format=gift" in listing


@pytest.mark.django_db
def test_a_file_with_errors_shows_them_and_offers_no_import(client, editor, bank):
    client.force_login(editor)
    upload = SimpleUploadedFile("bad.gift", b"::Fine::Fine?{T}\n\n::Number::How many?{#twelve}\n")
    html = client.post(IMPORT, {"bank": bank.pk, "language": "en", "file": upload}).content.decode()
    assert "line 3" in html and "twelve" in html
    assert 'name="token"' not in html


@pytest.mark.django_db
def test_an_unreadable_file_is_a_clear_400(client, editor, bank):
    client.force_login(editor)
    upload = SimpleUploadedFile("notes.txt", b"Dear colleagues, the minutes.")
    response = client.post(IMPORT, {"bank": bank.pk, "language": "en", "file": upload})
    assert response.status_code == 400
    assert "not a Moodle XML, GIFT or Aiken" in response.content.decode()


@pytest.mark.django_db
def test_another_users_upload_cannot_be_confirmed(client, editor, bank):
    client.force_login(editor)
    token = client.post(IMPORT, {"bank": bank.pk, "language": "en", "file": _upload("basics_aiken.txt")}).context[
        "token"
    ]
    client.force_login(make_staff(username="other-editor", roles=(Role.CONTENT_EDITOR,)))
    assert client.post(IMPORT, {"token": token}).status_code == 410
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_export_of_a_bank_and_a_quiz(client, editor, course):
    client.force_login(editor)
    category = make_category(course)
    question = make_question(category)
    response = client.get(EXPORT, {"bank": category.bank.pk, "format": "gift"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.gift.txt"')
    assert question.stem_en.encode() in response.content
    quiz = make_quiz(course, [question])
    response = client.get(EXPORT, {"quiz": quiz.pk, "format": "xml"})
    assert response.status_code == 200 and b'<question type="multichoice">' in response.content
    assert client.get(EXPORT).status_code == 200
