"""Login attempts (django-axes) and password-reset e-mails are limited per account and per address."""

import re

import pytest

from ..factories import make_staff

pytestmark = pytest.mark.django_db

KHMER = re.compile(r"[\u1780-\u17FF]")


def test_twenty_reset_requests_send_at_most_the_limit(client, mailoutbox, settings):
    make_staff(username="target", email="target@example.org")
    responses = [client.post("/km/accounts/password/reset/", {"email": "target@example.org"}) for _ in range(20)]
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {"/km/accounts/password/reset/sent/"}  # reveals nothing
    assert len(mailoutbox) == settings.PASSWORD_RESET_LIMIT == 3


def test_the_reset_limit_holds_per_target_address_from_many_addresses(client, mailoutbox):
    make_staff(username="victim", email="victim@example.org")
    for number in range(10):
        client.post("/en/accounts/password/reset/", {"email": "victim@example.org"}, REMOTE_ADDR=f"10.0.0.{number}")
    assert len(mailoutbox) == 3


def test_the_reset_limit_holds_per_requesting_address_for_many_targets(client, mailoutbox):
    for number in range(6):
        make_staff(username=f"person{number}", email=f"person{number}@example.org")
        client.post("/en/accounts/password/reset/", {"email": f"person{number}@example.org"}, REMOTE_ADDR="10.9.9.9")
    assert len(mailoutbox) == 3
    make_staff(username="elsewhere", email="elsewhere@example.org")
    client.post("/en/accounts/password/reset/", {"email": "elsewhere@example.org"}, REMOTE_ADDR="10.1.1.1")
    assert len(mailoutbox) == 4  # another address is not held back


def test_the_reset_done_page_says_how_many_emails_are_sent_in_the_readers_language(client):
    html = client.get("/km/accounts/password/reset/sent/").content.decode()
    assert "3" in html and "We send at most" not in html


def _login(client, username, password, address="127.0.0.1", lang="km"):
    return client.post(f"/{lang}/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_nth_failed_login_locks_the_account_with_a_translated_message(client, settings):
    make_staff(username="guessed", email="guessed@example.org")
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "guessed", f"wrong-{attempt}", address=f"10.2.0.{attempt}")
        assert response.status_code == 200  # the form says the password is wrong
    response = _login(client, "guessed", "wrong-last", address="10.2.0.99")
    assert response.status_code == 429
    page = response.content.decode()
    assert KHMER.search(page) and "Too many failed login attempts" not in page
    # Even the right password is refused while the account is locked, from any address.
    response = _login(client, "guessed", "pass-word-123", address="10.3.3.3")
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_many_failures_from_one_address_lock_that_address_only(client, other_client, settings):
    make_staff(username="someone", email="someone@example.org")
    make_staff(username="bystander", email="bystander@example.org")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"unknown{attempt}", "nope", address="10.4.4.4")
    assert _login(client, "someone", "pass-word-123", address="10.4.4.4").status_code == 429
    response = _login(other_client, "bystander", "pass-word-123", address="10.5.5.5")
    assert response.status_code == 302 and "_auth_user_id" in other_client.session


def test_a_successful_login_clears_the_failures(client, settings):
    make_staff(username="forgetful", email="forgetful@example.org")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "forgetful", "wrong", address="10.6.6.6")
    assert _login(client, "forgetful", "pass-word-123", address="10.6.6.6").status_code == 302
    client.post("/en/accounts/logout/")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "forgetful", "wrong", address="10.6.6.6").status_code == 200


def test_a_password_reset_lifts_the_accounts_lock(client, mailoutbox, settings):
    make_staff(username="locked", email="locked@example.org")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "locked", "wrong", address=f"10.7.0.{attempt}")
    assert _login(client, "locked", "pass-word-123", address="10.7.1.1").status_code == 429
    client.post("/en/accounts/password/reset/", {"email": "locked@example.org"}, REMOTE_ADDR="10.7.1.1")
    link = re.search(r"http://testserver(/\S+)", mailoutbox[0].body).group(1)
    form_url = client.get(link, REMOTE_ADDR="10.7.1.1")["Location"]
    response = client.post(
        form_url, {"new_password1": "brand-new-pass-77", "new_password2": "brand-new-pass-77"}, REMOTE_ADDR="10.7.1.1"
    )
    assert response.status_code == 302
    assert _login(client, "locked", "brand-new-pass-77", address="10.7.1.1").status_code == 302
