"""Read a video-call tool's participant report (CSV) and match its rows to a cohort's roster by e-mail.

Reports differ between tools and versions: a UTF-8 byte order mark, summary lines above the
participant table, extra columns, columns in another order, and one row per join when
someone reconnects. Only the e-mail column is needed; everything else is ignored.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .models import AttendanceRecord

MAX_BYTES = 2 * 1024 * 1024
EMAIL_HEADERS = ("email", "e-mail", "user email", "attendee email", "participant email")
NAME_HEADERS = ("name", "name (original name)", "full name", "participant", "display name", "user name")


class ReportError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class ImportPreview:
    matched: list = field(default_factory=list)  # (participation, email)
    unmatched: list = field(default_factory=list)  # (name, email) in the report but not registered
    invalid: list = field(default_factory=list)  # (line number, text) without a usable e-mail
    duplicates: int = 0  # extra rows for someone already counted
    absent: list = field(default_factory=list)  # registered people missing from the report

    def statuses(self):
        """What confirming saves: present for matched people, absent for the rest of the roster."""
        result = {p.pk: AttendanceRecord.Status.PRESENT for p, _email in self.matched}
        result.update({p.pk: AttendanceRecord.Status.ABSENT for p in self.absent})
        return result


def decode(data):
    if len(data) > MAX_BYTES:
        raise ReportError(_("The file is too large (2 MB at most)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReportError(_("The file is not UTF-8 text. Export the report again as CSV (UTF-8).")) from error


def _normal(header):
    return " ".join(header.strip().strip("\ufeff").lower().replace("_", " ").split())


def _find_header(rows):
    for index, row in enumerate(rows):
        headers = [_normal(cell) for cell in row]
        for candidate in EMAIL_HEADERS:
            if candidate in headers:
                email_col = headers.index(candidate)
                name_col = next((headers.index(n) for n in NAME_HEADERS if n in headers), None)
                return index, email_col, name_col
    raise ReportError(_("No e-mail column was found. The report needs a column named “Email”."))


def read_report(text):
    """[(line number, name, email or "")] for each participant row of the report."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise ReportError(_("The file could not be read as CSV.")) from error
    start, email_col, name_col = _find_header(rows)
    result = []
    for number, row in enumerate(rows[start + 1 :], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        email = row[email_col].strip() if email_col < len(row) else ""
        name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
        result.append((number, name, email))
    return result


def preview(*, text, participations):
    """Match the report to the registered `participations` (with person loaded); nothing is saved."""
    by_email = {p.person.email.strip().lower(): p for p in participations if p.person.email}
    result = ImportPreview()
    seen = set()
    for number, name, email in read_report(text):
        key = email.lower()
        try:
            validate_email(key)
        except Exception:
            result.invalid.append((number, name or email))
            continue
        if key in seen:
            result.duplicates += 1
            continue
        seen.add(key)
        participation = by_email.get(key)
        if participation is None:
            result.unmatched.append((name, email))
        else:
            result.matched.append((participation, email))
    matched_ids = {p.pk for p, _email in result.matched}
    result.absent = [p for p in participations if p.pk not in matched_ids]
    return result
