"""Read a video-call tool's participant report (CSV) and match its rows to a cohort's roster by e-mail.

Reports differ between tools and versions: a UTF-8 byte order mark, summary lines above the
participant table, extra columns, columns in another order, and one row per join when
someone reconnects. Only the e-mail column is needed; everything else is ignored.

Bounded before parsing: the upload's declared size is checked before a byte is read, then at most
MAX_BYTES + 1 bytes are read; every row (blank ones too) counts against MAX_ROWS and a row may
not have more than MAX_COLUMNS cells.

People are matched only on their account's e-mail (`User.email`, the login address), never on a
name or another profile field; an address held by two registered people matches neither (it is
listed as ambiguous), so a copied address cannot take someone else's place.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from core.errors import InvalidInput

from .models import AttendanceRecord

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 100
EMAIL_HEADERS = ("email", "e-mail", "user email", "attendee email", "participant email")
NAME_HEADERS = ("name", "name (original name)", "full name", "participant", "display name", "user name")
# Statuses recorded by a person (the trainer by hand, the participant by check-in) that an import
# does not overwrite unless the trainer chooses to on the preview.
PROTECTED_SOURCES = (AttendanceRecord.Source.ROSTER, AttendanceRecord.Source.CHECKIN)


@dataclass
class ImportPreview:
    matched: list = field(default_factory=list)  # (participation, email) to be marked present
    conflicts: list = field(default_factory=list)  # (participation, email, record) kept unless overwritten
    unmatched: list = field(default_factory=list)  # (name, email) in the report but not registered
    ambiguous: list = field(default_factory=list)  # e-mails held by more than one registered person
    invalid: list = field(default_factory=list)  # (line number, text) without a usable e-mail
    duplicates: int = 0  # extra rows for someone already counted
    absent: list = field(default_factory=list)  # registered, not in the report, no status yet: absent
    kept: list = field(default_factory=list)  # (participation, record) not in the report, status kept

    def statuses(self, overwrite=frozenset()):
        """What confirming saves: present for matched people (and for conflicts the trainer chose to
        overwrite), absent for people missing from the report who have no status yet."""
        result = {p.pk: AttendanceRecord.Status.PRESENT for p, _email in self.matched}
        result.update({p.pk: AttendanceRecord.Status.PRESENT for p, _e, _r in self.conflicts if p.pk in overwrite})
        result.update({p.pk: AttendanceRecord.Status.ABSENT for p in self.absent})
        return result


def read_upload(upload):
    """The text of an uploaded report, refused before reading when it is too large."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise InvalidInput(_("The file is too large (2 MB at most)."))
    upload.seek(0)
    return decode(upload.read(MAX_BYTES + 1))


def decode(data):
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("The file is too large (2 MB at most)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(_("The file is not UTF-8 text. Export the report again as CSV (UTF-8).")) from error


def _normal(header):
    return " ".join(header.strip().strip("\ufeff").lower().replace("_", " ").split())


def _header(row):
    headers = [_normal(cell) for cell in row]
    for candidate in EMAIL_HEADERS:
        if candidate in headers:
            email_col = headers.index(candidate)
            name_col = next((headers.index(n) for n in NAME_HEADERS if n in headers), None)
            return email_col, name_col
    return None


def _rows(text):
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise InvalidInput(_("The report has too many rows (%(max)s at most).") % {"max": MAX_ROWS})
            if len(row) > MAX_COLUMNS:
                raise InvalidInput(_("The report has too many columns (%(max)s at most).") % {"max": MAX_COLUMNS})
            yield number, row
    except csv.Error as error:
        raise InvalidInput(_("The file could not be read as CSV.")) from error


def read_report(text):
    """[(line number, name, email or "")] for each participant row of the report."""
    columns = None
    result = []
    for number, row in _rows(text):
        if columns is None:
            columns = _header(row)
            continue
        if not any(cell.strip() for cell in row):
            continue
        email_col, name_col = columns
        email = row[email_col].strip() if email_col < len(row) else ""
        name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
        result.append((number, name, email))
    if columns is None:
        raise InvalidInput(_("No e-mail column was found. The report needs a column named “Email”."))
    return result


def preview(*, text, participations, records=None):
    """Match the report to the registered `participations` (with person loaded); nothing is saved.

    `records` maps participation ids to their AttendanceRecord at the meeting, if any.
    """
    records = records or {}
    by_email, shared = {}, set()
    for participation in participations:
        key = (participation.person.email or "").strip().lower()
        if not key:
            continue
        if key in by_email:
            shared.add(key)
        by_email[key] = participation
    result = ImportPreview()
    seen = set()
    for number, name, email in read_report(text):
        key = email.lower()
        try:
            validate_email(key)
        except ValidationError:
            result.invalid.append((number, name or email))
            continue
        if key in seen:
            result.duplicates += 1
            continue
        seen.add(key)
        if key in shared:
            result.ambiguous.append(email)
            continue
        participation = by_email.get(key)
        if participation is None:
            result.unmatched.append((name, email))
            continue
        record = records.get(participation.pk)
        if (
            record is not None
            and record.source in PROTECTED_SOURCES
            and record.status != AttendanceRecord.Status.PRESENT
        ):
            result.conflicts.append((participation, email, record))
        else:
            result.matched.append((participation, email))
    in_report = {p.pk for p, _email in result.matched} | {p.pk for p, _e, _r in result.conflicts}
    for participation in participations:
        if participation.pk in in_report:
            continue
        if participation.pk in records:
            result.kept.append((participation, records[participation.pk]))
        elif (participation.person.email or "").strip().lower() not in shared:
            result.absent.append(participation)
    return result
