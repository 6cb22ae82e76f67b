"""The notification list, mark read, mark all read, e-mail choices; the menu count costs no query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Delivery, Kind, Notification, NotificationPreference
from notifications.services import Message, notify
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def _note(user, n, link="/km/learning/"):
    return notify(
        recipient=user,
        kind=Kind.ENROLLED,
        event_key=f"test:{n}",
        render=lambda: Message(title=f"Title {n}", body="Body", link=link),
    )


def test_the_list_shows_only_my_notifications_and_the_menu_counts_unread(client):
    me, other = make_staff(preferred_language="km"), make_staff()
    _note(me, 1)
    _note(other, 2)
    client.force_login(me)
    html = client.get("/km/notifications/").content.decode()
    assert "Title 1" in html and "Title 2" not in html
    assert '<span class="badge badge-enrolled">1</span>' in html
    assert "ការជូនដំណឹង" in html  # the menu and the page in Khmer


def test_opening_marks_read_and_follows_the_link_others_get_404(client):
    me, other = make_staff(), make_staff()
    mine = _note(me, 1, link="/km/learning/")
    theirs = _note(other, 2)
    client.force_login(me)
    response = client.post(f"/km/notifications/{mine.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/km/learning/"
    mine.refresh_from_db()
    assert mine.is_read
    assert client.post(f"/km/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read
    assert client.get(f"/km/notifications/{mine.pk}/open/").status_code == 405


def test_an_outside_link_is_never_followed(client):
    me = make_staff()
    note = _note(me, 1, link="https://evil.example.org/")
    client.force_login(me)
    response = client.post(f"/en/notifications/{note.pk}/open/")
    assert response["Location"] == "/en/notifications/"


def test_mark_all_read_updates_the_cached_count(client, django_capture_on_commit_callbacks):
    me = make_staff()
    with django_capture_on_commit_callbacks(execute=True):
        _note(me, 1)
        _note(me, 2)
    client.force_login(me)
    assert '<span class="badge badge-enrolled">2</span>' in client.get("/en/notifications/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/en/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert "badge-enrolled" not in client.get("/en/notifications/").content.decode()


def test_the_warm_menu_count_costs_no_query(client):
    me = make_staff()
    _note(me, 1)
    client.force_login(me)
    client.get("/en/learning/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/en/learning/")
    assert not [q for q in warm.captured_queries if "notifications_notification" in q["sql"]]


def test_the_list_page_keeps_its_query_budget_with_many_notifications(client):
    me = make_staff()
    for n in range(3):
        _note(me, n)
    client.force_login(me)
    client.get("/en/notifications/")
    with CaptureQueriesContext(connection) as small:
        client.get("/en/notifications/")
    for n in range(3, 120):
        _note(me, n)
    client.get("/en/notifications/")
    with CaptureQueriesContext(connection) as large:
        assert client.get("/en/notifications/?page=2").status_code == 200
    assert len(small.captured_queries) <= 6
    assert len(large.captured_queries) <= len(small.captured_queries) + 1  # + the paginator's count


def test_preferences_save_each_kinds_choice_and_refuse_nonsense(client):
    me = make_staff(preferred_language="lo")
    client.force_login(me)
    html = client.get("/lo/notifications/e-mail/").content.decode()
    assert "ສະຫຼຸບປະຈຳວັນ" in html  # "daily digest" in Lao
    data = {kind.value: Delivery.NOW for kind in Kind if kind != Kind.CERTIFICATE_REVOKED}
    data[Kind.QUIZ_FAILED] = Delivery.DIGEST
    data[Kind.NEW_COURSE] = Delivery.NONE
    assert client.post("/lo/notifications/e-mail/", data).status_code == 302
    chosen = dict(NotificationPreference.objects.filter(user=me).values_list("kind", "delivery"))
    assert chosen[Kind.QUIZ_FAILED] == Delivery.DIGEST and chosen[Kind.NEW_COURSE] == Delivery.NONE
    data[Kind.QUIZ_FAILED] = "sms"
    assert client.post("/lo/notifications/e-mail/", data).status_code == 400
    assert NotificationPreference.objects.get(user=me, kind=Kind.QUIZ_FAILED).delivery == Delivery.DIGEST


def test_pages_need_a_login(client):
    for url in ("/en/notifications/", "/en/notifications/e-mail/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
