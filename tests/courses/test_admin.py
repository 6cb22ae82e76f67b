"""Content editors work in the Wagtail admin: the page editor shows each language's fields."""

import pytest

from people.models import Role

from ..factories import lessons_of, make_course, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff(username="ed", roles=(Role.CONTENT_EDITOR,)))
    return client


def test_editor_opens_a_lesson_with_its_khmer_and_lao_fields(editor_client):
    lesson = lessons_of(make_course(modules=1, lessons=1))[0]
    response = editor_client.get(f"/admin/pages/{lesson.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("title_km", "title_lo"):
        assert f'name="{field}"' in html, field
    for field in ("body_km", "body_lo"):  # StreamFields are drawn by JavaScript from this data
        assert f'"{field}' in html or f'id="{field}' in html, field


def test_learner_cannot_open_the_admin(client):
    client.force_login(make_staff(username="plain"))
    response = client.get("/admin/")
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("url", ["/admin/snippets/people/staffprofile/", "/admin/snippets/courses/enrolment/"])
def test_admin_listings_open(client, url):
    client.force_login(make_staff(username="boss", roles=(Role.ADMINISTRATOR,)))
    assert client.get(url).status_code == 200
