"""Two real server processes share one cache (Redis) and one database (PostgreSQL): a change
made anywhere shows on the very next request in the other process.

The restriction snapshot, the site lookup, the course outline, the resolved page and the rendered
lesson body are cached in the shared cache under versions that signals bump; a process that kept
its own copy would serve the old page here. Skipped without PostgreSQL; without Redis skipped
locally but failed in CI (CI=true), where Redis must run.
"""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from wagtail.models import PageViewRestriction

from courses.models import CatalogPage
from courses.services import enrol

from ..factories import is_postgres, lessons_of, make_course

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.skipif(not is_postgres(), reason="two processes need a shared database (set DATABASE_URL)"),
]

ROOT = Path(settings.BASE_DIR)
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis must run in CI for the shared-cache test: {error}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    return client


@pytest.fixture
def shared_cache(settings):
    """This process and both servers on one Redis database, under a key prefix of their own."""
    client = _redis_or_skip()
    prefix = f"test-courses-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_servers(prefix, count=2):
    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="elearning.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
    )
    env.pop("TEST_DATABASE_NAME", None)
    servers = []
    for _ in range(count):
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        servers.append((process, port))
    deadline = time.monotonic() + 120
    for process, port in servers:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    _stop(servers)
                    raise AssertionError("a server did not start") from None
                time.sleep(0.3)
    return servers


def _stop(servers):
    for process, _port in servers:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


class Browser:
    """A learner's session against one server process (cookies kept, redirects followed)."""

    def __init__(self, port, session):
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.session = session

    def _request(self, path, data=None):
        headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={self.session}"}
        csrf = next((c.value for c in self.jar if c.name == settings.CSRF_COOKIE_NAME), None)
        if csrf:
            headers["Cookie"] += f"; {settings.CSRF_COOKIE_NAME}={csrf}"
        return urllib.request.Request(self.base + path, data=data, headers=headers)

    def get(self, path):
        return self.opener.open(self._request(path)).read().decode()

    def post_form(self, path, fields):
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        return self.opener.open(self._request(path, data=body)).read().decode()


def _url(page):
    return f"/en{page.url_path[len('/courses') :]}"


@pytest.fixture
def two_servers(shared_cache, learner):
    client = Client()
    client.force_login(learner)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    servers = _start_servers(shared_cache)
    try:
        yield [Browser(port, session) for _process, port in servers]
    finally:
        _stop(servers)


def test_a_restriction_saved_elsewhere_is_enforced_by_the_other_process_at_once(learner, two_servers):
    course = make_course(modules=1, lessons=2)
    enrol(learner=learner, course=course)
    lesson = lessons_of(course)[0]
    first, second = two_servers
    for server in (first, second):  # both processes have read (and cached) the open lesson
        assert "English body 1.1" in server.get(_url(lesson))

    restriction = PageViewRestriction.objects.create(page=course, restriction_type="password", password="s3cret")
    for server in (second, first):
        html = server.get(_url(lesson))
        assert "English body 1.1" not in html and 'name="password"' in html

    restriction.delete()
    for server in (first, second):
        assert "English body 1.1" in server.get(_url(lesson))


def test_a_published_lesson_shows_at_once_in_the_other_process(learner, two_servers):
    course = make_course(modules=1, lessons=2)
    enrol(learner=learner, course=course)
    lesson = lessons_of(course)[1]
    first, second = two_servers
    for server in (first, second):
        assert "Lesson 1.2" in server.get(_url(course)) and "English body 1.2" in server.get(_url(lesson))

    lesson.title_en = "Interviews that listen"
    lesson.body_en = [{"type": "paragraph", "value": "<p>Revised body 1.2</p>"}]
    lesson.save_revision().publish()

    assert "Interviews that listen" in second.get(_url(course))
    html = second.get(_url(lesson))
    assert "Revised body 1.2" in html and "English body 1.2" not in html
    assert "Interviews that listen" in first.get(_url(lessons_of(course)[0]))  # the pager's next lesson


def test_a_lesson_completed_through_one_process_shows_in_the_other(learner, two_servers):
    course = make_course(modules=1, lessons=4)
    enrol(learner=learner, course=course)
    lesson = lessons_of(course)[0]
    first, second = two_servers
    assert 'data-testid="progress-course">0%' in second.get(_url(course))
    assert 'data-testid="lesson-done"' not in second.get(_url(lesson))

    first.post_form(_url(lesson), {"action": "complete"})

    assert 'data-testid="progress-course">25%' in second.get(_url(course))
    assert 'data-testid="lesson-done"' in second.get(_url(lesson))


def test_a_changed_root_page_and_site_show_at_once_in_the_other_process(two_servers):
    first, second = two_servers
    for server in (first, second):
        assert "Catalogue written elsewhere" not in server.get("/en/")
    catalog = CatalogPage.objects.first()
    # Restored from the snapshot taken before `update_translation_fields` filled the English title.
    catalog.title_en = catalog.title_en or catalog.title or "Courses"
    catalog.intro_en = "<p>Catalogue written elsewhere</p>"
    catalog.save()
    assert "Catalogue written elsewhere" in second.get("/en/")

    site = catalog.get_site()
    site.root_page = make_course(modules=1, lessons=1)  # the site now starts at a course page
    site.save()
    html = first.get("/en/")
    assert '<section class="outline">' in html and "Catalogue written elsewhere" not in html


def test_a_revoked_certificate_shows_at_once_in_the_other_process(learner, two_servers):
    from certificates.services import issue_certificate, revoke_certificate
    from people.models import Role
    from tests.certificates.helpers import attach_fake_pdf, completed_enrolment
    from tests.factories import make_staff

    course = make_course(modules=1, lessons=1)
    certificate, _created = issue_certificate(enrolment=completed_enrolment(course=course, learner=learner))
    attach_fake_pdf(certificate)
    first, second = two_servers
    for server in (first, second):  # both processes have served the course page and My certificates
        assert "Download PDF" in server.get(_url(course))
        assert "badge-revoked" not in server.get("/en/certificates/")

    revoke_certificate(certificate=certificate, by=make_staff(roles=[Role.ADMINISTRATOR]), reason="Issued in error")

    for server in (second, first):
        html = server.get(_url(course))
        assert "badge-revoked" in html and "Download PDF" not in html
        assert "badge-revoked" in server.get("/en/certificates/")


def test_a_role_given_or_taken_elsewhere_changes_the_other_process_menu_at_once(learner, two_servers):
    from people.models import Role, RoleAssignment
    from people.services import grant_role

    first, second = two_servers
    edit_link = '<a href="/admin/">'
    for server in (first, second):  # both processes have read (and cached) the learner's roles
        assert edit_link not in server.get("/en/learning/")

    grant_role(user=learner, role=Role.CONTENT_EDITOR)
    for server in (second, first):
        assert edit_link in server.get("/en/learning/")

    RoleAssignment.objects.filter(user=learner, role=Role.CONTENT_EDITOR).delete()
    for server in (first, second):
        assert edit_link not in server.get("/en/learning/")


def test_a_quiz_added_or_closed_elsewhere_shows_at_once_in_the_other_process(learner, two_servers):
    from assessments.models import Quiz

    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    first, second = two_servers
    for server in (first, second):  # both processes have read (and cached) the course's quizzes: none
        assert 'data-testid="quiz-section"' not in server.get(_url(course))

    quiz = Quiz.objects.create(course=course, title_en="Check your listening")
    for server in (second, first):
        assert "Check your listening" in server.get(_url(course))

    quiz.live = False
    quiz.save()
    for server in (first, second):
        assert "Check your listening" not in server.get(_url(course))


def test_my_learning_kept_per_person_shows_a_change_made_through_the_other_process(learner, two_servers):
    """My learning is kept in each process's memory per person and version (core.cache.person_cached)."""
    course = make_course(modules=1, lessons=4)
    first, second = two_servers
    for server in (first, second):  # both processes have built and kept the learner's page
        assert course.title_en not in server.get("/en/learning/")

    enrol(learner=learner, course=course)  # in this process: the servers only share Redis and the database
    for server in (second, first):
        assert f'data-testid="progress-{course.pk}">0%' in server.get("/en/learning/")

    first.post_form(_url(lessons_of(course)[0]), {"action": "complete"})
    assert f'data-testid="progress-{course.pk}">25%' in second.get("/en/learning/")
