"""The site header is rendered once per language and menu (elearning/templatetags/chrome.py): each
page still gets its own CSRF token and address, and the same HTML as a header rendered afresh."""

import re

import pytest
from django.test import override_settings

from people.models import Role
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def _header(response):
    html = response.content.decode()
    return html[html.index("<header") : html.index("</header>")]


def _tokens(header):
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', header)


@pytest.mark.parametrize("path", ["/km/", "/lo/learning/", "/en/?tier=tot&q=%C3%A9%3C"])
def test_the_cached_header_is_the_header_rendered_afresh(client, path):
    client.force_login(make_staff(roles=[Role.LEARNER, Role.TRAINER]))
    with override_settings(DEBUG=True):  # DEBUG renders the block every time
        fresh = _header(client.get(path, follow=True))
    client.get(path, follow=True)  # fills the cache
    cached = _header(client.get(path, follow=True))
    assert re.sub(r'value="[^"]{64}"', "", cached) == re.sub(r'value="[^"]{64}"', "", fresh)
    assert len(_tokens(cached)) == 2 and "chromecsrfmarker" not in cached and "\x1e" not in cached


def test_each_request_gets_its_own_token_and_address(client):
    client.force_login(make_staff())
    first = _header(client.get("/en/"))
    second = _header(client.get("/en/learning/"))
    assert 'name="next" value="/en/"' in first and 'name="next" value="/en/learning/"' in second
    assert _tokens(first) and _tokens(second) and _tokens(first)[0] != _tokens(second)[0]


def test_a_menu_entry_follows_the_person_not_the_cache(client):
    client.force_login(make_staff(roles=[Role.LEARNER]))
    assert '<a href="/admin/">' not in _header(client.get("/en/"))
    client.force_login(make_staff(roles=[Role.CONTENT_EDITOR]))
    assert '<a href="/admin/">' in _header(client.get("/en/"))
    client.logout()
    header = _header(client.get("/en/?tier=tot"))
    assert "/accounts/logout/" not in header and "?next=/en/%3Ftier%3Dtot" in header


def test_what_belongs_to_one_person_is_never_served_to_another(client):
    """The unread count and the words typed in the search box are `{% live %}` parts: a header
    cached for one person (same language, same menu) never shows them to the next."""
    from notifications.models import Notification

    first, second = make_staff(), make_staff()
    for number in range(3):
        Notification.objects.create(
            recipient=first, kind="enrolled", event_key=f"e{number}", language="en", title="t", delivery="none"
        )
    client.force_login(first)
    mine = _header(client.get("/en/?q=private+words"))
    assert '<span class="badge badge-enrolled">3</span>' in mine and 'value="private words"' in mine

    client.force_login(second)
    theirs = _header(client.get("/en/"))
    assert "badge-enrolled" not in theirs and "private words" not in theirs and "\x1e" not in theirs
    assert 'id="site-search-q" type="search" name="q" maxlength="200" value=""' in theirs
