"""The one export module: a table becomes CSV, XLSX or a ZIP, safely and saying what it holds.

Every export carries what it is, whose data it covers (the viewer's scope), the filters applied
and when it was made, as title rows above a frozen header; its file name says the same in ASCII.
Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) is neutralised: CSV cells get a leading apostrophe, XLSX cells are typed as text.
Numbers (int, float, Decimal) stay numbers in both. XLSX cannot hold control characters or more
than 32,767 characters in a cell: those are dropped and cut rather than failing the export.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TYPES = (int, float, Decimal)
# What an XLSX cell may not hold (the XML 1.0 control characters) and how long it may be.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_MAX_CELL = 32767


def _is_number(value) -> bool:
    return isinstance(value, NUMBER_TYPES) and not isinstance(value, bool)


def _plain(value):
    """A value a spreadsheet reads as meant: numbers as numbers, dates in ISO form, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if _is_number(value):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def neutralise(value):
    """Numbers stay numbers; text that would start a formula gets a leading apostrophe (CSV)."""
    value = _plain(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Export:
    """What an export holds: title, scope, filters, columns and rows of plain values."""

    key: str  # ASCII stem of the file name, e.g. "people"
    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence]
    scope: str = ""  # whose data, in words ("Cambodia", "Savannakhet", "Cohort KH-ToT-3")
    scope_slug: str = ""  # the same in ASCII for the file name ("kh", "la-sv")
    filters: Sequence[tuple[str, str]] = field(default_factory=list)
    made_at: datetime = field(default_factory=timezone.now)

    def _local_made_at(self) -> datetime:
        """The export's time in the site's time zone; a naive time is taken as already local."""
        return timezone.localtime(self.made_at) if timezone.is_aware(self.made_at) else self.made_at

    def title_rows(self) -> list[list[str]]:
        rows = [[str(self.title)]]
        if self.scope:
            rows.append([_("Scope"), str(self.scope)])
        chosen = [f"{label}: {value}" for label, value in self.filters if value not in (None, "")]
        rows.append([_("Filters"), "; ".join(chosen) if chosen else _("None")])
        rows.append([_("Exported on"), self._local_made_at().strftime("%Y-%m-%d %H:%M")])
        return rows

    def filename(self, extension: str) -> str:
        parts = [slugify(self.key) or "export", slugify(self.scope_slug), self._local_made_at().date().isoformat()]
        return "-".join(part for part in parts if part) + "." + extension


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_bytes(export: Export) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet programs read Khmer and Lao as UTF-8
    writer = csv.writer(buffer)
    for row in export.title_rows():
        writer.writerow([neutralise(value) for value in row])
    writer.writerow([])
    writer.writerow([neutralise(str(column)) for column in export.columns])
    for row in export.rows:
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(export: Export) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet((slugify(export.key) or "export")[:31])
    title_rows = export.title_rows()
    header_row = len(title_rows) + 2
    sheet.freeze_panes = f"A{header_row + 1}"

    def cell(value, *, bold=False):
        value = _plain(value)
        if isinstance(value, str):
            value = XLSX_ILLEGAL.sub("", value)[:XLSX_MAX_CELL]
        item = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            item.data_type = "s"  # text is text: never stored as a formula
        if bold:
            item.font = Font(bold=True)
        return item

    for index, row in enumerate(title_rows):
        sheet.append([cell(value, bold=index == 0) for value in row])
    sheet.append([])
    sheet.append([cell(str(column), bold=True) for column in export.columns])
    for row in export.rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_response(export: Export) -> HttpResponse:
    return _attachment(HttpResponse(csv_bytes(export), content_type="text/csv; charset=utf-8"), export.filename("csv"))


def xlsx_response(export: Export) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bytes(export), content_type=XLSX_TYPE), export.filename("xlsx"))


FORMATS = {"csv": csv_response, "xlsx": xlsx_response}


def response(export: Export, fmt: str) -> HttpResponse:
    """CSV or XLSX by name; an unknown format is the caller's InvalidInput to raise before building rows."""
    return FORMATS[fmt](export)


def zip_response(files: Iterable[tuple[str, bytes]], *, filename: str) -> HttpResponse:
    """A ZIP of (name, bytes) pairs, stored uncompressed (PDFs are already compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return _attachment(HttpResponse(buffer.getvalue(), content_type="application/zip"), filename)
