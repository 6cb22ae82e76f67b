"""Application errors: one middleware renders each as the translated error page with its status."""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from core import errors

from .urls import ERRORS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]

STATUS = {
    "invalid-input": 400,
    "forbidden": 403,
    "not-found": 404,
    "not-allowed-here": 405,
    "conflict": 409,
    "gone": 410,
    "time-up": 409,
    "application-error": 400,
}
SCRIPT = {"km": r"[\u1780-\u17FF]", "lo": r"[\u0E80-\u0EFF]"}


def test_every_error_class_has_a_status_test():
    assert set(STATUS) == set(ERRORS)
    assert {cls for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, Exception)} == set(
        ERRORS.values()
    )


@pytest.mark.parametrize("lang", ["km", "lo"])
@pytest.mark.parametrize("name", sorted(STATUS))
def test_middleware_renders_the_translated_error_page(client, name, lang):
    response = client.get(f"/{lang}/core-test/raise/{name}/")

    assert response.status_code == STATUS[name]
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    with translation.override(lang):
        message = str(ERRORS[name].default_message)
    assert re.search(SCRIPT[lang], message), f"{name}: default message not translated into {lang}: {message!r}"
    assert message in html


def test_the_message_follows_the_reader_language_not_the_language_it_was_raised_in():
    error = errors.NotFound()
    with translation.override("km"):
        km = str(error.message)
    with translation.override("lo"):
        lo = str(error.message)
    assert km != lo and re.search(SCRIPT["km"], km) and re.search(SCRIPT["lo"], lo)


def test_a_given_message_and_status_are_kept_and_escaped(client):
    response = client.get("/en/core-test/message/")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Already submitted &lt;b&gt;twice&lt;/b&gt;" in html
    assert "<b>twice</b>" not in html


def test_a_refused_service_leaves_no_row_and_keeps_what_was_saved_before(client):
    response = client.get("/en/core-test/service/")

    assert response.status_code == 409
    assert not Group.objects.filter(name="rolled back").exists()
    assert Group.objects.filter(name="kept: saved before the service was called").exists()


def test_other_exceptions_are_not_swallowed(client):
    # An unknown error name raises KeyError in the test view: that is a 500, not a 4xx page.
    client.raise_request_exception = True
    with pytest.raises(KeyError):
        client.get("/en/core-test/raise/no-such-error/")


def test_status_can_be_given_per_raise_without_changing_the_class():
    assert errors.Conflict(status=423).status == 423
    assert errors.Conflict().status == 409
    assert errors.TimeUp().status == 409 and isinstance(errors.TimeUp(), errors.Conflict)
