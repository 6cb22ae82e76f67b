"""Production-safe defaults: sign-up off, a Content-Security-Policy the pages satisfy, SQLite that waits."""

import os
import re
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

from people.models import Role

from ..factories import make_course, make_staff

ROOT = settings.BASE_DIR


def _run(code, **env):
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_signup_is_off_in_production_unless_switched_on():
    code = "import elearning.settings.production as s; print(s.ALLOW_SIGNUP)"
    env = {
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "learning.example.org",
        "PUBLIC_BASE_URL": "https://learning.example.org",
    }
    environment = {k: v for k, v in os.environ.items() if k != "ALLOW_SIGNUP"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**environment, **env}, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip() == "False", result.stderr
    result = _run(code, ALLOW_SIGNUP="1", **env)
    assert result.stdout.strip() == "True", result.stderr


def _policy(response):
    header = response["Content-Security-Policy"]
    return dict((part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in header.split(";")) if part)


@pytest.mark.django_db
def test_site_pages_carry_a_strict_policy_they_satisfy(client):
    learner = make_staff(username="csp", email="csp@example.org")
    make_course()
    pages = ["/km/", "/km/accounts/login/", "/km/accounts/signup/", "/km/accounts/password/reset/"]
    responses = [client.get(url) for url in pages]
    client.force_login(learner)
    responses += [client.get("/lo/accounts/profile/"), client.get("/lo/learning/")]
    for response in responses:
        assert response.status_code == 200
        policy = _policy(response)
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'self'"
        html = response.content.decode()
        # Nothing the policy would block: no inline script, no <style> block, no event handler attributes.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert "<style" not in html and not re.search(r"\son[a-z]+=", html)


@pytest.mark.django_db
def test_the_admin_renders_under_its_looser_policy(client):
    editor = make_staff(username="cspeditor", email="cspeditor@example.org", roles=(Role.LEARNER, Role.CONTENT_EDITOR))
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = _policy(response)
    assert "'unsafe-inline'" in policy["script-src"] and "'unsafe-inline'" in policy["style-src"]
    assert policy["object-src"] == "'none'"
    assert "'unsafe-inline'" not in _policy(client.get("/en/accounts/profile/"))["script-src"]


SQLITE_WRITERS = """
import os, threading
import django
django.setup()
from django.db import connection, connections, transaction
from django.contrib.sessions.models import Session
from django.utils import timezone

with connection.schema_editor() as editor:
    editor.create_model(Session)
Session.objects.create(session_key="counter", session_data="0", expire_date=timezone.now())
connection.close()

THREADS, ROUNDS = 8, 15
barrier = threading.Barrier(THREADS)
failures = []

def writer(number):
    try:
        barrier.wait()
        for round_ in range(ROUNDS):
            # Read, then write, in one transaction: under SQLite's default (deferred) transactions two
            # such writers deadlock on the lock upgrade and one fails at once with "database is locked".
            with transaction.atomic():
                row = Session.objects.get(session_key="counter")
                row.session_data = str(int(row.session_data) + 1)
                row.save()
                Session.objects.create(session_key=f"s{number}-{round_}", session_data="x", expire_date=timezone.now())
    except Exception as error:
        failures.append(repr(error))
    finally:
        connections.close_all()

threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("failures", len(failures), failures[:1])
print("counter", Session.objects.get(session_key="counter").session_data)
print("journal", connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
"""


def test_concurrent_sqlite_writes_all_succeed(tmp_path):
    result = _run(
        SQLITE_WRITERS,
        DJANGO_SETTINGS_MODULE="elearning.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "failures 0 []" in result.stdout, result.stdout
    assert "counter 120" in result.stdout and "journal wal" in result.stdout
