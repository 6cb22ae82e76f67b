"""Attendance from a video-call participant report: preview first, then all or nothing."""

import pytest
from django.db import IntegrityError, transaction

from cohorts.models import AttendanceRecord

from ..factories import make_staff
from .factories import make_cohort, registered

pytestmark = pytest.mark.django_db

# A report as a video-call tool writes it: BOM, a summary block, extra columns, e-mail not first,
# one person joining twice, one guest not on the roster, one row without an e-mail.
REPORT = (
    "\ufeffMeeting ID,Topic,Start Time\r\n"
    "812 3456 7890,Labour market trends,2026-11-20 14:00\r\n"
    "\r\n"
    "Join Time,Leave Time,Duration (Minutes),Name (Original Name),User Email,Guest\r\n"
    "2026-11-20 14:01,2026-11-20 14:30,29,Sok Dara,{a},No\r\n"
    "2026-11-20 14:35,2026-11-20 15:00,25,Sok Dara,{a_upper},No\r\n"
    "2026-11-20 14:02,2026-11-20 15:00,58,ສົມພອນ,{b},No\r\n"
    "2026-11-20 14:03,2026-11-20 15:00,57,Guest person,visitor@elsewhere.org,Yes\r\n"
    "2026-11-20 14:04,2026-11-20 15:00,56,Phone caller,,Yes\r\n"
)


@pytest.fixture
def setup(client):
    trainer = make_staff(roles=["learner", "trainer"])
    cohort = make_cohort(trainers=[trainer], start_in=__import__("datetime").timedelta(days=-1))
    a, b, c = registered(cohort, 3)
    client.force_login(trainer)
    report = REPORT.format(a=a.person.email, a_upper=a.person.email.upper(), b=b.person.email)
    return cohort, (a, b, c), report


def _upload(client, cohort, text, encoding="utf-8"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("participants.csv", text.encode(encoding), content_type="text/csv")
    return client.post(
        f"/en/cohorts/{cohort.public_id}/import/", {"meeting": cohort.meetings.get().pk, "report": upload}
    )


def test_preview_shows_matches_unmatched_and_absent_and_saves_nothing(client, setup):
    cohort, (a, b, c), report = setup
    response = _upload(client, cohort, report)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert {p.pk for p, _email in preview.matched} == {a.pk, b.pk}
    assert preview.unmatched == [("Guest person", "visitor@elsewhere.org")]
    assert preview.duplicates == 1
    assert [number for number, _text in preview.invalid] == [9]
    assert [p.pk for p in preview.absent] == [c.pk]
    assert "visitor@elsewhere.org" in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_confirming_saves_everything(client, setup):
    cohort, (a, b, c), report = setup
    confirm = _upload(client, cohort, report).context["confirm"]
    response = client.post(
        f"/en/cohorts/{cohort.public_id}/import/", {"confirm": "1", "token": confirm.initial["token"]}
    )
    assert response.status_code == 302
    saved = dict(AttendanceRecord.objects.values_list("participation_id", "status"))
    assert saved == {a.pk: "present", b.pk: "present", c.pk: "absent"}
    assert set(AttendanceRecord.objects.values_list("source", flat=True)) == {"import"}


def test_confirming_is_all_or_nothing(client, setup, monkeypatch):
    cohort, _people, report = setup
    confirm = _upload(client, cohort, report).context["confirm"]
    calls = []

    def fail_on_the_second_person(*, enrolment):
        calls.append(enrolment.pk)
        if len(calls) == 2:
            raise RuntimeError("database went away")

    monkeypatch.setattr("cohorts.services.evaluate_completion", fail_on_the_second_person)
    with pytest.raises(RuntimeError):
        client.post(f"/en/cohorts/{cohort.public_id}/import/", {"confirm": "1", "token": confirm.initial["token"]})
    assert not AttendanceRecord.objects.exists()


def test_semicolons_and_other_header_names_are_read(client, setup):
    cohort, (a, _b, _c), _report = setup
    text = f"Email;Full name;Minutes\n{a.person.email};Sok Dara;50\n"
    preview = _upload(client, cohort, text).context["preview"]
    assert [p.pk for p, _email in preview.matched] == [a.pk]


@pytest.mark.parametrize(
    "text, encoding",
    [("Name,Minutes\nSok,50\n", "utf-8"), ("Name,Email\nSök,x@example.org\n", "latin-1"), ("", "utf-8")],
)
def test_a_report_without_emails_or_not_in_utf8_gets_a_clear_message(client, setup, text, encoding):
    cohort, _people, _report = setup
    response = _upload(client, cohort, text, encoding)
    assert response.status_code == 400
    assert response.context["form"].errors["report"]
    assert not AttendanceRecord.objects.exists()


def test_an_upload_larger_than_the_limit_is_refused_before_it_is_read(client, setup):
    from cohorts import attendance_import
    from core.errors import InvalidInput

    class Unreadable:
        size = attendance_import.MAX_BYTES + 1

        def seek(self, *args):
            raise AssertionError("touched before the size was checked")

        read = seek

    with pytest.raises(InvalidInput):
        attendance_import.read_upload(Unreadable())

    class Undeclared:  # a size that lies is still bounded: never more than the limit + 1 byte is read
        size = None
        asked = []

        def seek(self, *args):
            pass

        def read(self, n=-1):
            self.asked.append(n)
            return b"x" * (attendance_import.MAX_BYTES + 1)

    with pytest.raises(InvalidInput):
        attendance_import.read_upload(Undeclared())
    assert Undeclared.asked == [attendance_import.MAX_BYTES + 1]

    cohort, _people, _report = setup
    response = _upload(client, cohort, "Email\n" + "x" * attendance_import.MAX_BYTES)
    assert response.status_code == 400 and "too large" in str(response.context["form"].errors["report"])
    too_many = "Email\n" + "\n" * attendance_import.MAX_ROWS  # blank rows count too
    assert _upload(client, cohort, too_many).status_code == 400
    assert not AttendanceRecord.objects.exists()


def test_an_import_shows_conflicts_and_keeps_statuses_recorded_by_hand_or_check_in(client, setup):
    from cohorts.services import record_attendance

    cohort, (a, b, c), report = setup
    meeting = cohort.meetings.get()
    record_attendance(meeting=meeting, statuses={a.pk: "late"})  # by hand
    record_attendance(meeting=meeting, statuses={c.pk: "present"})  # c is not in the report
    preview = _upload(client, cohort, report).context["preview"]
    assert [(p.pk, r.status) for p, _email, r in preview.conflicts] == [(a.pk, "late")]
    assert [p.pk for p, _email in preview.matched] == [b.pk]
    assert preview.absent == [] and [p.pk for p, _r in preview.kept] == [c.pk]
    confirm = _upload(client, cohort, report)
    assert "Already recorded differently" in confirm.content.decode()
    token = confirm.context["confirm"].initial["token"]
    assert client.post(f"/en/cohorts/{cohort.public_id}/import/", {"confirm": "1", "token": token}).status_code == 302
    saved = {r.participation_id: (r.status, r.source) for r in AttendanceRecord.objects.all()}
    assert saved == {a.pk: ("late", "roster"), b.pk: ("present", "import"), c.pk: ("present", "roster")}


def test_the_trainer_may_choose_to_overwrite_a_conflict(client, setup):
    from cohorts.services import record_attendance

    cohort, (a, _b, _c), report = setup
    record_attendance(meeting=cohort.meetings.get(), statuses={a.pk: "absent"})
    token = _upload(client, cohort, report).context["confirm"].initial["token"]
    client.post(f"/en/cohorts/{cohort.public_id}/import/", {"confirm": "1", "token": token, "overwrite": [a.pk]})
    assert AttendanceRecord.objects.get(participation=a).status == "present"


def test_an_expired_or_foreign_preview_is_gone(client, setup, monkeypatch):
    cohort, _people, report = setup
    token = _upload(client, cohort, report).context["confirm"].initial["token"]
    url = f"/en/cohorts/{cohort.public_id}/import/"
    assert client.post(url, {"confirm": "1", "token": "made-up"}).status_code == 410
    monkeypatch.setattr("cohorts.views_trainer.PREVIEW_SECONDS", -1)
    assert client.post(url, {"confirm": "1", "token": token}).status_code == 410
    assert not AttendanceRecord.objects.exists()


def test_an_address_cannot_be_copied_onto_a_second_account_so_a_report_matches_its_owner(client, setup):
    """Finding 8: the database refuses a second account with the same address (in any case), so a
    colleague cannot be matched in a call report in the owner's place."""
    cohort, (a, b, _c), report = setup
    copier = b.person
    copier.email = a.person.email.upper()
    with pytest.raises(IntegrityError), transaction.atomic():
        copier.save()
    preview = _upload(client, cohort, report).context["preview"]
    matched = {p.pk for p, _e in preview.matched}
    assert a.pk in matched and not preview.ambiguous
