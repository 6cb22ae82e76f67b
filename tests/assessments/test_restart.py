"""An answer saved over HTTP survives `kill -9` of the server process: it is in PostgreSQL, not in the process."""

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
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from assessments.models import Answer
from assessments.services import start_attempt

from ..factories import is_postgres
from .helpers import make_category, make_question, make_quiz

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.skipif(not is_postgres(), reason="the server process needs a shared database (set DATABASE_URL)"),
]

ROOT = Path(settings.BASE_DIR)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(port):
    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="elearning.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    )
    env.pop("TEST_DATABASE_NAME", None)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise AssertionError("the server did not start")


def _opener(session_cookie, port):
    jar = http.cookiejar.CookieJar()
    cookie = http.cookiejar.Cookie(
        0,
        settings.SESSION_COOKIE_NAME,
        session_cookie,
        None,
        False,
        "127.0.0.1",
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )
    jar.set_cookie(cookie)
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def test_an_answer_saved_before_kill_9_is_there_after_restart(learner, course, enrolment):
    category = make_category(course)
    quiz = make_quiz(course, [make_question(category), make_question(category)])
    attempt = start_attempt(quiz=quiz, learner=learner)
    answer = Answer.objects.select_related("version").get(attempt=attempt, position=1)
    chosen = answer.version.data["options"][2]["id"]  # a wrong one: what matters is that it is kept
    client = Client()
    client.force_login(learner)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    port = _free_port()
    url = f"http://127.0.0.1:{port}/en/quizzes/attempts/{attempt.uuid}/"

    server = _start_server(port)
    try:
        opener = _opener(session, port)
        page = opener.open(url + "?q=1").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "position": 1, "choice": chosen}).encode()
        response = opener.open(urllib.request.Request(url, data=body, headers={"Referer": url}))
        assert response.status == 200 and "q=2" in response.url  # followed the redirect to the next question
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    assert server.returncode == -signal.SIGKILL

    server = _start_server(port)
    try:
        page = _opener(session, port).open(url + "?q=1").read().decode()
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    assert re.search(rf'value="{chosen}" checked', page), "the saved answer is shown checked after the restart"
    assert "Answered 1 of 2" in page
    assert Answer.objects.get(pk=answer.pk).response == {"choice": chosen}
