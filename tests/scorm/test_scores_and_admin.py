"""Trainers read scores through the policy; editors upload in the admin; learners' lesson pages stay lean."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.permissions import visible_to
from courses.services import enrol
from people.models import Role
from scorm.models import ScormAttempt, ScormPackage
from scorm.selectors import lesson_scores
from scorm.services import launch, record_commit
from tests.factories import make_staff

from .conftest import PAGE, make_zip, zip_12

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(learner, course, scorm_lesson, package_12):
    enrol(learner=learner, course=course)
    attempt = launch(user=learner, lesson=scorm_lesson, package=package_12)
    cmi = {"core": {"lesson_status": "incomplete", "score": {"raw": "72", "max": "100"}}}
    record_commit(user=learner, key=attempt.key, session=attempt.session_key, payload={"cmi": cmi})
    return attempt


def test_scores_are_visible_to_administrators_and_scoped_hr_not_to_learners(scored, scorm_lesson, learner):
    admin = make_staff(username="boss", roles=(Role.ADMINISTRATOR,))
    hr_here = make_staff(username="hr-kh", roles=())
    hr_elsewhere = make_staff(username="hr-la", country="LA", roles=())
    from people.models import Country
    from people.services import grant_role

    grant_role(user=hr_here, role=Role.HR_PLANNER, country=Country.objects.get(code="KH"))
    grant_role(user=hr_elsewhere, role=Role.HR_PLANNER, country=Country.objects.get(code="LA"))
    assert [a.score_raw for a in lesson_scores(admin, scorm_lesson)] == [72]
    assert len(lesson_scores(hr_here, scorm_lesson)) == 1
    assert lesson_scores(hr_elsewhere, scorm_lesson) == []
    assert not learner.has_perm("scorm.read_scores")
    assert not visible_to(learner, "scorm.read_scores", ScormAttempt.objects.all()).exists()


def test_the_lesson_page_shows_the_score_table_to_an_administrator(client, scored, scorm_lesson):
    client.force_login(make_staff(username="boss2", roles=(Role.ADMINISTRATOR,)))
    response = client.get(f"/en{scorm_lesson.url_path[len('/courses') :]}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="scorm-score-row"' in html and "72" in html
    assert "data-scorm-player" in html


def test_a_learner_sees_the_player_and_no_score_table(logged_in, scored, scorm_lesson):
    response = logged_in.get(f"/en{scorm_lesson.url_path[len('/courses') :]}")
    html = response.content.decode()
    assert "data-scorm-player" in html and "scorm/vendor/scorm12.min.js" in html
    assert "scorm-score-row" not in html


def test_an_editor_uploads_a_package_in_the_admin(client):
    client.force_login(make_staff(username="editor", roles=(Role.CONTENT_EDITOR,)))
    upload = SimpleUploadedFile("module.zip", zip_12().getvalue(), content_type="application/zip")
    response = client.post("/admin/snippets/scorm/scormpackage/add/", {"title": "", "package_file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    package = ScormPackage.objects.get()
    assert package.title == "Single SCO 1.2" and package.version == "1.2"


def test_the_admin_refuses_a_zip_that_is_not_scorm_with_a_message(client):
    client.force_login(make_staff(username="editor3", roles=(Role.CONTENT_EDITOR,)))
    upload = SimpleUploadedFile("notes.zip", make_zip({"index.html": PAGE}).getvalue())
    response = client.post("/admin/snippets/scorm/scormpackage/add/", {"title": "x", "package_file": upload})
    assert response.status_code == 200
    assert "no imsmanifest.xml" in response.content.decode()
    assert not ScormPackage.objects.exists()


def test_a_learner_cannot_open_the_package_admin(logged_in):
    assert logged_in.get("/admin/snippets/scorm/scormpackage/").status_code in (302, 403)


def test_a_scorm_lesson_page_costs_two_queries_more_than_a_plain_lesson(logged_in, learner, course, scorm_lesson):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import lessons_of

    enrol(learner=learner, course=course)
    plain = lessons_of(course)[1]
    counts = []
    for lesson in (plain, scorm_lesson, plain, scorm_lesson):
        with CaptureQueriesContext(connection) as ctx:
            assert logged_in.get(f"/en{lesson.url_path[len('/courses') :]}").status_code == 200
        counts.append(len(ctx.captured_queries))
    # The package (read by the chooser block) and the reader's roles (may they read scores?).
    assert counts[3] <= counts[2] + 2, counts
