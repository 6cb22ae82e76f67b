"""Staff import: every bad row reported, nothing saved until all rows are valid, re-import changes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from people.models import Position, StaffProfile, User

from ..factories import make_staff
from .helpers import planner

pytestmark = pytest.mark.django_db

HEADER = "employee_id,first_name,last_name,name_native,email,sex,disability,province,office,position\n"
GOOD = [
    "NEA-9001,Sokha,Chan,ចាន់ សុខា,sokha@example.org,female,none,KH-12,,counsellor",
    "NEA-9002,Dara,Keo,,dara@example.org,M,,KH-17,,",
    "NEA-9003,Bopha,Lim,,,female,visual,kh-2,,counsellor",
]
BAD = [
    "NEA-9001,Sokha,Chan,ចាន់ សុខា,sokha@example.org,female,none,KH-12,,counsellor",  # line 2: fine
    "NEA-9002,Dara,Keo,,dara@example,M,,KH-99,,",  # line 3: bad e-mail, unknown province
    "NEA-9001,Bopha,Lim,,,female,visual,KH-2,,counsellor",  # line 4: duplicate ID
    ",Vanna,,,,male,,KH-2,,",  # line 5: missing employee ID and last name
]


def _upload(lines, name="staff.csv"):
    return SimpleUploadedFile(name, (HEADER + "\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv")


def _snapshot():
    return sorted(
        (
            p.employee_id,
            p.user.username,
            p.user.first_name,
            p.user.last_name,
            p.user.email,
            p.name_native,
            p.sex,
            p.disability,
            p.country_id,
            p.province_id,
            p.office_id,
            p.position_id,
        )
        for p in StaffProfile.objects.select_related("user")
    )


@pytest.fixture
def run_import(client, django_capture_on_commit_callbacks):
    """Upload, then confirm; the confirmed job's task runs (immediately, as in tests) after commit."""

    def run(upload):
        preview = client.post("/en/hr/import/", {"file": upload})
        if preview.status_code != 200:
            return preview, None
        job = preview.context["job"]
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post("/en/hr/import/", {"confirm": str(job.public_id)})
        return preview, done

    return run


@pytest.fixture
def hr(client):
    Position.objects.create(code="counsellor", name="Counsellor")
    user = planner(country="KH")
    client.force_login(user)
    return user


def test_bad_file_is_rejected_as_a_whole_with_every_error(client, hr):
    before = _snapshot()
    response = client.post("/en/hr/import/", {"file": _upload(BAD)})
    assert response.status_code == 400
    errors = {(e.line, e.column) for e in response.context["check"].errors}
    assert errors == {(3, "email"), (3, "province"), (4, "employee_id"), (5, "employee_id"), (5, "last_name")}
    html = response.content.decode()
    assert "Unknown province “KH-99”" in html and "is also on line 2" in html
    assert _snapshot() == before  # the valid line 2 was not saved either


def test_corrected_file_is_accepted_and_twice_gives_the_same_data(client, hr, run_import):
    preview, done = run_import(_upload(GOOD))
    assert preview.context["check"].to_create == 3
    assert done.status_code == 302
    sokha = StaffProfile.objects.select_related("user", "province", "position").get(employee_id="NEA-9001")
    assert (sokha.user.first_name, sokha.province.code, sokha.position.code) == ("Sokha", "KH-12", "counsellor")
    assert StaffProfile.objects.get(employee_id="NEA-9003").province.code == "KH-2"
    assert not sokha.user.has_usable_password()
    first = _snapshot()
    users = User.objects.count()

    preview, done = run_import(_upload(GOOD))
    assert preview.context["check"].unchanged == 3 and preview.context["check"].to_update == 0
    assert done.status_code == 302
    assert _snapshot() == first and User.objects.count() == users


def test_import_updates_by_employee_id(client, hr, run_import):
    run_import(_upload(GOOD))
    changed = [GOOD[0].replace("Chan,", "Chan-Lim,").replace("KH-12", "KH-17"), *GOOD[1:]]
    preview, _done = run_import(_upload(changed))
    assert preview.context["check"].to_update == 1 and preview.context["check"].unchanged == 2
    profile = StaffProfile.objects.select_related("user", "province").get(employee_id="NEA-9001")
    assert profile.user.last_name == "Chan-Lim" and profile.province.code == "KH-17"


def test_xlsx_files_are_read_like_csv(client, hr, run_import):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append([9101, "Vanna", "Chea", "", "", "male", "", "KH-12", "", ""])  # a numeric ID, as Excel stores it
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("staff.xlsx", buffer.getvalue())
    _preview, done = run_import(upload)
    assert done.status_code == 302
    assert StaffProfile.objects.filter(employee_id="9101", user__last_name="Chea").exists()


def test_planner_cannot_import_outside_their_area(client, db):
    lao = planner(country="LA", province="LA-SV")
    client.force_login(lao)
    response = client.post("/en/hr/import/", {"file": _upload(["LA-1,Noy,Phom,,,female,,LA-VT,,"])})
    assert response.status_code == 400
    assert [(e.line, e.column) for e in response.context["check"].errors] == [(2, "province")]
    someone = make_staff(country="KH", province="KH-12")
    employee_id = someone.staff_profile.employee_id
    response = client.post("/en/hr/import/", {"file": _upload([f"{employee_id},Noy,Phom,,,female,,LA-SV,,"])})
    assert response.status_code == 400
    assert StaffProfile.objects.get(user=someone).province.code == "KH-12"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"", "staff.csv"),
        (b"name,sex\nA,female\n", "staff.csv"),
        (b"\xff\xfe\x00bad", "staff.csv"),
        (b"not a zip", "staff.xlsx"),
        (b"a,b", "staff.pdf"),
    ],
)
def test_unreadable_files_get_a_clear_400(client, hr, content, name):
    response = client.post("/en/hr/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_expired_confirmation_saves_nothing(client, hr):
    before = _snapshot()
    response = client.post("/en/hr/import/", {"confirm": "made-up"})
    assert response.status_code == 404
    assert _snapshot() == before


# Finding 1: an import never changes a login field, nor anyone holding more than the learner role ------


def _admin_in(province="KH-12"):
    from people.models import Role
    from people.services import grant_role

    admin = make_staff(country="KH", province=province, username="admin", email="admin@ministry.example")
    grant_role(user=admin, role=Role.ADMINISTRATOR)
    return admin


def test_hr_planner_cannot_take_over_the_administrator(client, hr, run_import):
    admin = _admin_in()
    employee_id = admin.staff_profile.employee_id
    before = _snapshot()
    # The administrator's employee ID with the planner's own address: the takeover of finding 1.
    row = f"{employee_id},Admin,Owned,,planner@evil.example,female,,KH-12,,"
    preview, done = run_import(_upload([row]))
    assert preview.status_code == 400 and done is None
    errors = preview.context["check"].errors
    assert [(e.line, e.column) for e in errors] == [(2, "employee_id")]
    assert "holds a role beyond learner" in preview.content.decode()
    admin.refresh_from_db()
    assert admin.email == "admin@ministry.example" and admin.last_name != "Owned"
    assert _snapshot() == before
    # A new person whose login name would be the administrator's is refused too.
    preview, _done = run_import(_upload(["admin,Admin,Two,,x@evil.example,female,,KH-12,,"]))
    assert preview.status_code == 400
    assert "already used by someone else" in preview.content.decode()


@pytest.mark.parametrize("role", ["trainer", "content_editor", "hr_planner"])
def test_people_with_other_roles_are_not_touched(client, hr, run_import, role):
    from people.services import grant_role

    person = make_staff(country="KH", province="KH-12")
    grant_role(user=person, role=role)
    row = f"{person.staff_profile.employee_id},New,Name,,,female,,KH-17,,"
    preview, _done = run_import(_upload([row]))
    assert preview.status_code == 400
    person.refresh_from_db()
    assert person.last_name != "Name" and person.staff_profile.province.code == "KH-12"


def test_the_email_of_an_existing_learner_is_not_changed(client, hr, run_import):
    learner = make_staff(country="KH", province="KH-12", email="own@example.org")
    row = f"{learner.staff_profile.employee_id},Sokha,Renamed,,new@example.org,female,,KH-12,,"
    preview, done = run_import(_upload([row]))
    assert preview.status_code == 200
    assert [(n.line, n.column) for n in preview.context["check"].notices] == [(2, "email")]
    assert "not changed by an import" in preview.content.decode()
    assert done.status_code == 302
    learner.refresh_from_db()
    assert learner.last_name == "Renamed"  # names may be corrected
    assert learner.email == "own@example.org" and learner.username == learner.username


def test_duplicate_emails_are_flagged_in_the_file_and_against_accounts(client, hr):
    make_staff(country="KH", email="taken@example.org")
    rows = [
        "NEA-1,A,One,,same@example.org,female,,KH-12,,",
        "NEA-2,B,Two,,Same@Example.org,male,,KH-12,,",
        "NEA-3,C,Three,,TAKEN@example.org,male,,KH-12,,",
    ]
    response = client.post("/en/hr/import/", {"file": _upload(rows)})
    assert response.status_code == 400
    assert {(e.line, e.column) for e in response.context["check"].errors} == {(3, "email"), (4, "email")}
    html = response.content.decode()
    assert "is also on line 2" in html and "already belongs to an account" in html


# Finding 5: every cell against the model's own rules, in the preview and again at confirm -------------


def test_every_cell_is_checked_with_the_models_rules(client, hr):
    learner = make_staff(country="KH", province="KH-12")
    long_name = "N" * 5000
    rows = [
        f"NEA-1,{long_name},One,,,female,,KH-12,,",  # 5,000 characters for a 150-character column
        "NEA-2,Esc,Two\x1b,,,male,,KH-12,,",  # a control character
        "NEA-3,Bidi,Three,\u202eសុខា,,male,,KH-12,,",  # a right-to-left override
        "NEA-4,Joiner,Four,ស\u200dុខា,,male,,KH-12,,",  # ZWJ: Khmer needs it, allowed
        f"{learner.staff_profile.employee_id},Long,{long_name},,,female,,KH-12,,",  # an existing person
        "NEA-6,E,Six,,not-an-address,male,,KH-12,,",
    ]
    before = _snapshot()
    response = client.post("/en/hr/import/", {"file": _upload(rows)})
    assert response.status_code == 400
    errors = {(e.line, e.column) for e in response.context["check"].errors}
    assert errors == {(2, "first_name"), (3, "last_name"), (4, "name_native"), (6, "last_name"), (7, "email")}
    assert "at most 150 fit" in response.content.decode()
    assert _snapshot() == before
    # A NUL byte refuses the file as a whole: it is not text.
    response = client.post("/en/hr/import/", {"file": _upload(["NEA-2,Nul,Two\x00,,,male,,KH-12,,"])})
    assert response.status_code == 400 and "NUL" in str(response.context["form"].errors["file"])


def test_confirm_checks_again_inside_its_transaction(client, hr, django_capture_on_commit_callbacks):
    from competencies.models import ImportJob
    from people.services import grant_role

    learner = make_staff(country="KH", province="KH-12")
    row = f"{learner.staff_profile.employee_id},Sokha,Changed,,,female,,KH-17,,"
    preview = client.post("/en/hr/import/", {"file": _upload([row])})
    assert preview.status_code == 200
    grant_role(user=learner, role="trainer")  # between the preview and the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/en/hr/import/", {"confirm": str(preview.context["job"].public_id)})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and job.errors[0][1] == "employee_id"
    page = client.get(done.url)
    assert page.status_code == 200 and "Nothing was saved" in page.content.decode()
    learner.refresh_from_db()
    assert learner.last_name != "Changed"


# Finding 4 through the page: a bomb is a clear 400 on the form ----------------------------------------


def test_a_workbook_declaring_a_huge_sheet_is_refused_on_the_form(client, hr):
    import zipfile

    buffer = io.BytesIO()
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{main}"><sheets/></workbook>')
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{main}"><dimension ref="A1:XFD1048576"/><sheetData>'
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>',
        )
    response = client.post("/en/hr/import/", {"file": SimpleUploadedFile("staff.xlsx", buffer.getvalue())})
    assert response.status_code == 400
    assert "more than 20001 lines" in str(response.context["form"].errors["file"])


# Finding 6: a background job with a result page, run once, seen by its importer's scope --------------


def test_the_import_runs_as_a_job_once_and_its_page_is_scoped(client, hr, run_import):
    from competencies.models import ImportJob
    from competencies.tasks import run_import as task

    preview, done = run_import(_upload(GOOD))
    job = ImportJob.objects.get()
    assert done.url == f"/en/hr/import/{job.public_id}/"
    assert (job.status, job.created, job.updated, job.unchanged, job.rows) == ("done", 3, 0, 0, [])
    page = client.get(done.url)
    assert page.status_code == 200 and "3 new people" in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()
    snapshot = _snapshot()
    # A second run of the task (a retried worker) and a second confirmation change nothing.
    assert task.call(job_id=job.pk) == "done"
    client.post("/en/hr/import/", {"confirm": str(job.public_id)})
    assert _snapshot() == snapshot and ImportJob.objects.get().created == 3
    # Another planner of the same country sees it; a Lao planner and a learner do not.
    client.force_login(planner(country="KH"))
    assert client.get(done.url).status_code == 200
    client.force_login(planner(country="LA"))
    assert client.get(done.url).status_code == 403
    client.force_login(make_staff(country="KH"))
    assert client.get(done.url).status_code == 403
    client.logout()
    assert client.get(done.url).status_code == 302


def test_a_pending_job_page_refreshes_itself_and_shows_progress(client, hr):
    import uuid

    from competencies.models import ImportJob

    job = ImportJob.objects.create(
        public_id=uuid.uuid4(), created_by=hr, status=ImportJob.Status.PENDING, total=10, file_name="staff.csv"
    )
    page = client.get(f"/en/hr/import/{job.public_id}/")
    html = page.content.decode()
    assert page.status_code == 200 and 'http-equiv="refresh"' in html and "0 of 10 rows" in html


def test_two_ids_giving_one_login_name_are_an_error_not_a_500(client, hr):
    rows = ["NEA 77,A,One,,,female,,KH-12,,", "nea-77,B,Two,,,male,,KH-12,,"]
    response = client.post("/en/hr/import/", {"file": _upload(rows)})
    assert response.status_code == 400
    assert [(e.line, e.column) for e in response.context["check"].errors] == [(3, "employee_id")]


def test_a_new_preview_replaces_an_unconfirmed_one(client, hr):
    from competencies.models import ImportJob

    first = client.post("/en/hr/import/", {"file": _upload(GOOD)}).context["job"]
    second = client.post("/en/hr/import/", {"file": _upload(GOOD[:1])}).context["job"]
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [second.pk]
    assert client.post("/en/hr/import/", {"confirm": str(first.public_id)}).status_code == 404
