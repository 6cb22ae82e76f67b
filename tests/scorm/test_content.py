"""Package files: served to the people allowed, same-site, under a strict content security policy."""

import pytest
from django.urls import reverse

from courses.services import enrol
from people.models import Role
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def test_an_enrolled_learner_who_launched_gets_the_file_with_a_strict_policy(
    logged_in, learner, course, scorm_lesson, package_12
):
    enrol(learner=learner, course=course)
    logged_in.post(reverse("scorm:launch", args=[scorm_lesson.pk, package_12.pk]))
    response = logged_in.get(package_12.get_content_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = response["Content-Security-Policy"]
    for directive in ("connect-src 'self'", "frame-ancestors 'self'", "object-src 'none'", "sandbox"):
        assert directive in policy
    assert b"SCO" in b"".join(response.streaming_content)


def test_an_editor_previews_the_files(client, package_12):
    client.force_login(make_staff(username="editor", roles=(Role.CONTENT_EDITOR,)))
    assert client.get(package_12.get_content_url()).status_code == 200


@pytest.mark.parametrize("path", ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "a/../index.html", "missing.html"])
def test_paths_outside_the_package_are_not_found(client, package_12, path):
    client.force_login(make_staff(username="editor2", roles=(Role.CONTENT_EDITOR,)))
    url = f"/en/scorm/content/{package_12.content_key}/{path}"
    assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, package_12):
    assert client.get(package_12.get_content_url()).status_code == 302
