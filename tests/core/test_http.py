"""HTTP helpers: bounded ids (NotFound, never a 500), the error page, the language cookie."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from core.errors import NotFound
from core.http import MAX_ID, error_response, object_id, set_language_cookie


@pytest.mark.parametrize("value", ["1", "42", " 7 ", 7, str(MAX_ID), MAX_ID])
def test_object_id_accepts_positive_ids(value):
    assert object_id(value) == int(str(value).strip())


@pytest.mark.parametrize(
    "value",
    [
        str(MAX_ID + 1),
        MAX_ID + 1,
        "9" * 5000,  # longer than Python parses by default: must still be a 404
        "-1",
        -1,
        "0",
        0,
        "",
        None,
        "abc",
        "12abc",
        "1e30",
        1e30,
        float("inf"),
        float("nan"),
        "1_000",
        "+5",
        "١٢",  # Arabic-Indic digits: int() reads them, a URL id never holds them
        True,
        [1],
    ],
)
def test_object_id_refuses_huge_negative_and_non_numeric_ids_with_not_found(value):
    with pytest.raises(NotFound):
        object_id(value)


def test_object_id_carries_the_callers_message():
    with pytest.raises(NotFound) as raised:
        object_id("x", message="We could not find this meeting.")
    assert raised.value.message == "We could not find this meeting." and raised.value.status == 404


@pytest.mark.django_db
def test_error_response_renders_the_page_with_the_status():
    request = RequestFactory().get("/en/")
    request.user = None
    response = error_response(request, "Nothing here", status=410)
    response.render()
    assert response.status_code == 410 and b"Nothing here" in response.content


@override_settings(
    LANGUAGE_COOKIE_SECURE=True,
    LANGUAGE_COOKIE_HTTPONLY=True,
    LANGUAGE_COOKIE_SAMESITE="Strict",
    LANGUAGE_COOKIE_AGE=3600,
    LANGUAGE_COOKIE_PATH="/",
    LANGUAGE_COOKIE_DOMAIN=None,
)
def test_language_cookie_follows_the_cookie_settings():
    response = set_language_cookie(HttpResponse(), "lo")
    cookie = response.cookies["elearning_language"]
    assert cookie.value == "lo"
    assert cookie["secure"] is True and cookie["httponly"] is True
    assert cookie["samesite"] == "Strict" and cookie["max-age"] == 3600
