"""HR planners list, filter and export the certificates of staff in their scope; trainers issue for a course they train a cohort of."""

import io
import zipfile

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend
from openpyxl import load_workbook

from certificates.services import issue_certificate
from people.models import Country, Province, Role
from people.services import grant_role
from tests.cohorts.factories import make_cohort
from tests.factories import make_course, make_staff

from .helpers import attach_fake_pdf, completed_enrolment

pytestmark = pytest.mark.django_db
MAX_LIST_QUERIES = 12


def _issue(course, *, country="KH", province=None, name_native=""):
    enrolment = completed_enrolment(course=course, country=country, province=province, name_native=name_native)
    certificate, _ = issue_certificate(enrolment=enrolment)
    return attach_fake_pdf(certificate)


def _hr(country="KH", province=None):
    user = make_staff(country=country, roles=[])
    grant_role(
        user=user,
        role=Role.HR_PLANNER,
        country=Country.objects.get(code=country),
        province=Province.objects.get(code=province) if province else None,
    )
    return user


@pytest.fixture
def hr_client(client):
    client.force_login(_hr())
    return client


def test_hr_list_shows_only_staff_in_scope(hr_client, course):
    kh = _issue(course, name_native="ចាន់ សុខា")
    la = _issue(course, country="LA")
    html = hr_client.get("/km/certificates/issued/").content.decode()
    assert kh.serial in html and "ចាន់ សុខា" in html
    assert la.serial not in html


def test_learners_may_not_list_certificates(logged_in):
    assert logged_in.get("/km/certificates/issued/").status_code == 403
    assert logged_in.get("/km/certificates/issued/export.csv").status_code == 403


def test_hr_list_filters(hr_client, course):
    other_course = make_course(modules=1, lessons=1)
    first = _issue(course)
    second = _issue(other_course)
    html = hr_client.get("/en/certificates/issued/", {"course": other_course.pk}).content.decode()
    assert second.serial in html and first.serial not in html
    html = hr_client.get("/en/certificates/issued/", {"q": first.serial}).content.decode()
    assert first.serial in html and second.serial not in html
    response = hr_client.get("/en/certificates/issued/", {"year": "not a year"})
    assert response.status_code == 400


def test_hr_list_queries_do_not_grow_with_the_list(hr_client, course):
    counts = []
    for extra in (2, 20):
        for _ in range(extra):
            _issue(course)
        hr_client.get("/km/certificates/issued/")
        with CaptureQueriesContext(connection) as ctx:
            assert hr_client.get("/km/certificates/issued/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= MAX_LIST_QUERIES


def test_csv_and_xlsx_exports_carry_the_names_in_both_scripts(hr_client, course):
    certificate = _issue(course, name_native="ចាន់ សុខា")
    _issue(course, country="LA")
    csv_text = hr_client.get("/en/certificates/issued/export.csv").content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Serial number"))
    assert lines[0] == "Issued certificates" and "Cambodia" in lines[1]  # what it is, whose (core.exports)
    assert len(lines) == header + 2
    assert certificate.serial in lines[header + 1] and "ចាន់ សុខា" in lines[header + 1]
    response = hr_client.get("/en/certificates/issued/export.xlsx", {"course": course.pk})
    assert "-kh-" in response["Content-Disposition"]  # the file name says the scope
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    header = next(i for i, row in enumerate(rows) if row[0] == "Serial number")
    assert any(course.title_en in str(value) for row in rows[:header] for value in row if value)  # filter named
    data = rows[header + 1 :]
    assert len(data) == 1 and data[0][0] == certificate.serial and data[0][2] == "ចាន់ សុខា"


def test_zip_of_a_course_holds_the_stored_pdfs_in_scope(hr_client, course):
    mine = [_issue(course) for _ in range(3)]
    _issue(course, country="LA")
    assert hr_client.get("/en/certificates/issued/certificates.zip").status_code == 400
    response = hr_client.get("/en/certificates/issued/certificates.zip", {"course": course.pk})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(f"{c.serial}.pdf" for c in mine)
    assert archive.read(f"{mine[0].serial}.pdf") == b"%PDF-1.7 test"


def test_province_planner_sees_only_their_province(client, course):
    inside = _issue(course, country="LA", province="LA-SV")
    outside = _issue(course, country="LA", province="LA-VT")
    client.force_login(_hr(country="LA", province="LA-SV"))
    html = client.get("/lo/certificates/issued/").content.decode()
    assert inside.serial in html and outside.serial not in html


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_trainer_issues_for_a_course_in_one_background_action(client, course, django_capture_on_commit_callbacks):
    for _ in range(3):
        completed_enrolment(course=course)
    trainer = make_staff(roles=[Role.LEARNER, Role.TRAINER])
    make_cohort(course=course, trainers=[trainer])
    client.force_login(trainer)
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/certificates/issue/", {"course": course.pk})
    assert response.status_code == 302
    assert len(default_task_backend.results) == 3  # one task per certificate
    assert "3 certificates are being issued in the background" in client.get(response["Location"]).content.decode()


def test_learner_cannot_issue_and_bad_course_is_refused(client, course):
    client.force_login(make_staff())
    assert client.post("/en/certificates/issue/", {"course": course.pk}).status_code == 403
    trainer = make_staff(roles=[Role.TRAINER])
    make_cohort(course=course, trainers=[trainer])
    client.force_login(trainer)
    assert client.post("/en/certificates/issue/", {"course": "999999"}).status_code == 400


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_trainer_issues_only_for_courses_they_train_a_cohort_of(client, course, django_capture_on_commit_callbacks):
    other_course = make_course()
    completed_enrolment(course=other_course)
    trainer = make_staff(roles=[Role.TRAINER])
    client.force_login(trainer)
    assert client.get("/en/certificates/issue/").status_code == 403  # no cohort at all: no page
    make_cohort(course=course, trainers=[trainer])
    page = client.get("/en/certificates/issue/").content.decode()
    assert f'value="{course.pk}"' in page and f'value="{other_course.pk}"' not in page
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/certificates/issue/", {"course": other_course.pk})
    assert response.status_code == 400
    assert default_task_backend.results == []
    assert not trainer.has_perm("certificates.issue_for_course", other_course)
    assert trainer.has_perm("certificates.issue_for_course", course)


def test_administrator_still_issues_for_any_course(client, course):
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    assert admin.has_perm("certificates.issue_for_course", course)
    client.force_login(admin)
    assert f'value="{course.pk}"' in client.get("/en/certificates/issue/").content.decode()


def test_the_province_filter_offers_the_planners_provinces_only_and_reads_all_when_empty(client):
    savannakhet = Province.objects.get(code="LA-SV")
    planner = _hr(country="LA", province="LA-SV")
    client.force_login(planner)
    page = client.get("/en/certificates/issued/")
    assert page.status_code == 200
    field = page.context["form"].fields["province"]
    assert list(field.queryset) == [savannakhet]
    assert field.empty_label == "All" and page.context["form"].fields["course"].empty_label == "All"
    assert "---------" not in page.content.decode()
    # Another province is refused as a choice, not silently ignored.
    other = Province.objects.exclude(pk=savannakhet.pk).first()
    assert client.get(f"/en/certificates/issued/?province={other.pk}").status_code == 400
