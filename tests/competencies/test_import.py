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


def _import(client, upload):
    preview = client.post("/en/hr/import/", {"file": upload})
    if preview.status_code != 200:
        return preview, None
    token = preview.context["token"]
    return preview, client.post("/en/hr/import/", {"confirm": token})


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


def test_corrected_file_is_accepted_and_twice_gives_the_same_data(client, hr):
    preview, done = _import(client, _upload(GOOD))
    assert preview.context["check"].to_create == 3
    assert done.status_code == 302
    sokha = StaffProfile.objects.select_related("user", "province", "position").get(employee_id="NEA-9001")
    assert (sokha.user.first_name, sokha.province.code, sokha.position.code) == ("Sokha", "KH-12", "counsellor")
    assert StaffProfile.objects.get(employee_id="NEA-9003").province.code == "KH-2"
    assert not sokha.user.has_usable_password()
    first = _snapshot()
    users = User.objects.count()

    preview, done = _import(client, _upload(GOOD))
    assert preview.context["check"].unchanged == 3 and preview.context["check"].to_update == 0
    assert done.status_code == 302
    assert _snapshot() == first and User.objects.count() == users


def test_import_updates_by_employee_id(client, hr):
    _import(client, _upload(GOOD))
    changed = [GOOD[0].replace("Chan,", "Chan-Lim,").replace("KH-12", "KH-17"), *GOOD[1:]]
    preview, _done = _import(client, _upload(changed))
    assert preview.context["check"].to_update == 1 and preview.context["check"].unchanged == 2
    profile = StaffProfile.objects.select_related("user", "province").get(employee_id="NEA-9001")
    assert profile.user.last_name == "Chan-Lim" and profile.province.code == "KH-17"


def test_xlsx_files_are_read_like_csv(client, hr):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append([9101, "Vanna", "Chea", "", "", "male", "", "KH-12", "", ""])  # a numeric ID, as Excel stores it
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("staff.xlsx", buffer.getvalue())
    _preview, done = _import(client, upload)
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
    assert response.status_code == 400
    assert _snapshot() == before
