"""Query budgets of the pages this branch changed: My certificates (revoked ones with their reason) and
the issue page (recent bulk issues with progress read from their certificates) do not grow with data."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from certificates import services
from people.models import Role
from tests.cohorts.factories import make_cohort
from tests.factories import make_course, make_staff

from .helpers import attach_fake_pdf, completed_enrolment

pytestmark = pytest.mark.django_db
MAX_MINE_QUERIES = 10
MAX_ISSUE_QUERIES = 12
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_my_certificates_page_does_not_grow_with_certificates(client, learner):
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    client.force_login(learner)
    counts = []
    for extra in (1, 6):
        for _ in range(extra):
            enrolment = completed_enrolment(course=make_course(modules=1, lessons=1), learner=learner)
            certificate = attach_fake_pdf(services.issue_certificate(enrolment=enrolment)[0])
            services.revoke_certificate(certificate=certificate, by=admin, reason="Wrong person")
        counts.append(_count(client, "/km/certificates/"))
    assert counts[0] == counts[1] <= MAX_MINE_QUERIES, counts


@override_settings(TASKS=DUMMY_TASKS)
def test_issue_page_with_recent_bulk_issues_does_not_grow(client, course):
    trainer = make_staff(roles=[Role.TRAINER])
    make_cohort(course=course, trainers=[trainer])
    client.force_login(trainer)
    counts = []
    for extra in (1, 4):
        for _ in range(extra):
            enrolments = [completed_enrolment(course=course) for _ in range(3)]
            services.issue_for_enrolments(enrolments=enrolments, issued_by=trainer, label=course.title)
        counts.append(_count(client, "/en/certificates/issue/"))
    assert counts[0] == counts[1] <= MAX_ISSUE_QUERIES, counts
    assert "0 of 3 ready" in client.get("/en/certificates/issue/").content.decode()
