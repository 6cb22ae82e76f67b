"""Bounded reading of uploaded tables (CSV or XLSX): every limit is checked before the work it bounds.

An uploaded file is untrusted. A 2 KB workbook can declare a sheet of a million rows, a 500 KB one
can inflate to gigabytes of shared strings, and blank rows cost as much to walk as full ones. So:

- the upload's size is checked before it is read;
- for XLSX, the zip directory is checked (entry count, each entry's and the total uncompressed
  size, compression ratio, the shared strings' size) before anything is decompressed, and the
  XML is parsed as a stream (defusedxml: no DTDs, no entities) reading each cell's reference
  itself: a row number or a column beyond the limits stops the parse at once, whatever the sheet
  declares (its `<dimension>` is never read, and openpyxl's `load_workbook` is never used here);
- for CSV, the bytes are decoded once, bounded, and every line (blank ones too) counts.

`read_table(upload, limits)` returns `[(line number, [cell text, ...]), ...]` for non-blank rows;
the first row is the file's first non-blank row (usually a header). Every refusal is
`core.errors.InvalidInput` with a translated message saying what to change.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from .errors import InvalidInput

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REFERENCE = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")


@dataclass(frozen=True)
class Limits:
    """What an upload may hold. Rows count every line up to the last one used, blank ones too."""

    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 20001  # a header and 20,000 data rows
    max_columns: int = 50
    max_cell_chars: int = 5000
    # XLSX only: what the zip may hold once inflated.
    max_entries: int = 200
    max_entry_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 128 * 1024 * 1024
    max_ratio: int = 100  # uncompressed / compressed, for entries larger than ratio_floor
    ratio_floor: int = 1024 * 1024
    max_shared_strings_bytes: int = 32 * 1024 * 1024


DEFAULT_LIMITS = Limits()


def read_table(upload, limits: Limits = DEFAULT_LIMITS) -> list[tuple[int, list[str]]]:
    """Numbered non-blank rows of strings from a .csv or .xlsx upload, within `limits`."""
    size = getattr(upload, "size", None)
    if size is not None and size > limits.max_bytes:
        raise InvalidInput(_too_large(limits))
    name = (getattr(upload, "name", "") or "").lower()
    upload.seek(0)
    data = upload.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise InvalidInput(_too_large(limits))
    if name.endswith(".xlsx"):
        return read_xlsx(data, limits)
    if name.endswith(".csv"):
        return read_csv(data, limits)
    raise InvalidInput(_("Upload a .csv or .xlsx file."))


def _too_large(limits):
    return _("The file is larger than %(size)d MB.") % {"size": limits.max_bytes // (1024 * 1024)}


def _too_many_rows(limits):
    return _("The file has more than %(rows)d lines (blank lines count too).") % {"rows": limits.max_rows}


def _too_many_columns(limits):
    return _("The file has more than %(columns)d columns.") % {"columns": limits.max_columns}


def _cell_too_long(limits, line):
    return _("A cell on line %(line)d holds more than %(chars)d characters.") % {
        "line": line,
        "chars": limits.max_cell_chars,
    }


# CSV -------------------------------------------------------------------------------------------------


def read_csv(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[tuple[int, list[str]]]:
    if len(data) > limits.max_bytes:
        raise InvalidInput(_too_large(limits))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(_("Save the CSV file as UTF-8 and upload it again.")) from None
    if "\x00" in text:
        # The csv module refuses NUL anyway; say so in words rather than as a parser error.
        raise InvalidInput(_("The file holds NUL characters: it is not a text (CSV) file."))
    rows = []
    # The csv module's own field limit (128 KB) bounds a quoted field that never closes; cells are
    # then held to max_cell_chars below. Lines are counted by the reader, so blank lines count.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for values in reader:
            line = reader.line_num
            if line > limits.max_rows:
                raise InvalidInput(_too_many_rows(limits))
            if len(values) > limits.max_columns:
                while values and not values[-1].strip():
                    values.pop()  # trailing empty cells (a spreadsheet's stray commas) do not count
                if len(values) > limits.max_columns:
                    raise InvalidInput(_too_many_columns(limits))
            if any(len(value) > limits.max_cell_chars for value in values):
                raise InvalidInput(_cell_too_long(limits, line))
            if any(value.strip() for value in values):
                rows.append((line, values))
    except csv.Error:
        raise InvalidInput(
            _("The CSV file could not be read near line %(line)d.") % {"line": reader.line_num}
        ) from None
    return rows


# XLSX ------------------------------------------------------------------------------------------------


def _not_xlsx():
    return _("This is not a readable Excel (.xlsx) file.")


def _bomb():
    return _("This Excel file expands to far more data than a staff list holds. Save it again or upload a CSV file.")


def read_xlsx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[tuple[int, list[str]]]:
    if len(data) > limits.max_bytes:
        raise InvalidInput(_too_large(limits))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InvalidInput(_not_xlsx()) from None
    _check_archive(entries, limits)
    names = {entry.filename: entry for entry in entries}
    if "xl/workbook.xml" not in names:
        raise InvalidInput(_not_xlsx())
    sheet_name = _first_sheet(archive, names)
    if sheet_name not in names:
        raise InvalidInput(_not_xlsx())
    shared = []
    if "xl/sharedStrings.xml" in names:
        if names["xl/sharedStrings.xml"].file_size > limits.max_shared_strings_bytes:
            raise InvalidInput(_bomb())
        shared = _shared_strings(archive, limits)
    return _sheet_rows(archive, sheet_name, shared, limits)


def _check_archive(entries, limits):
    """Refuse a zip whose directory promises too much, before inflating a byte."""
    if len(entries) > limits.max_entries:
        raise InvalidInput(_bomb())
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise InvalidInput(_("This Excel file is protected by a password. Save it without one and try again."))
        total += entry.file_size
        if entry.file_size > limits.max_entry_bytes or total > limits.max_total_bytes:
            raise InvalidInput(_bomb())
        if entry.file_size > limits.ratio_floor and entry.file_size > limits.max_ratio * max(entry.compress_size, 1):
            raise InvalidInput(_bomb())


def _parse(archive, name):
    """Stream the (start, end) events of one zip entry; zipfile stops at the entry's declared size."""
    try:
        handle = archive.open(name)
        yield from SafeET.iterparse(handle, events=("start", "end"), forbid_dtd=True)
    except (SafeET.ParseError, DefusedXmlException, zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise InvalidInput(_not_xlsx()) from None


def _first_sheet(archive, names):
    """The path of the workbook's first sheet, following the workbook's relationships."""
    first_id = None
    for event, element in _parse(archive, "xl/workbook.xml"):
        if event == "start" and element.tag == f"{MAIN_NS}sheet":
            first_id = element.get(f"{REL_NS}id")
            break
    rels = "xl/_rels/workbook.xml.rels"
    if first_id and rels in names:
        for event, element in _parse(archive, rels):
            if event == "end" and element.tag == f"{PKG_REL_NS}Relationship" and element.get("Id") == first_id:
                target = element.get("Target", "")
                if target.startswith("/"):
                    return target.lstrip("/")
                return posixpath.normpath(posixpath.join("xl", target))
    return "xl/worksheets/sheet1.xml"


def _shared_strings(archive, limits):
    strings = []
    parts = []
    length = 0
    depth_phonetic = 0
    for event, element in _parse(archive, "xl/sharedStrings.xml"):
        tag = element.tag
        if tag == f"{MAIN_NS}rPh":  # phonetic hints (Japanese furigana) are not the cell's text
            depth_phonetic += 1 if event == "start" else -1
        elif event == "end" and tag == f"{MAIN_NS}t" and not depth_phonetic:
            text = element.text or ""
            length += len(text)
            if length > limits.max_cell_chars:
                # Kept as a marker: only a cell that uses this string is an error.
                parts = [None]
            elif parts != [None]:
                parts.append(text)
            element.clear()
        elif event == "end" and tag == f"{MAIN_NS}si":
            strings.append(None if parts == [None] else "".join(parts))
            parts, length = [], 0
            element.clear()
    return strings


def _column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _number_text(text):
    """Excel stores 101 as "101" or "101.0"; an ID typed as a number reads back as typed."""
    try:
        value = float(text)
    except ValueError:
        return text
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return text


def _sheet_rows(archive, name, shared, limits):
    rows = []
    row_number = 0
    values: dict[int, str] = {}
    column = 0
    cell_ref = cell_type = None
    value_text = None
    inline_parts: list[str] = []
    for event, element in _parse(archive, name):
        tag = element.tag
        if event == "start":
            if tag == f"{MAIN_NS}row":
                declared = element.get("r")
                if declared is not None:
                    if not declared.isdigit() or not 0 < int(declared) <= limits.max_rows:
                        if declared.isdigit() and int(declared) > limits.max_rows:
                            raise InvalidInput(_too_many_rows(limits))
                        raise InvalidInput(_not_xlsx())
                    if int(declared) <= row_number:
                        raise InvalidInput(_not_xlsx())
                    row_number = int(declared)
                else:
                    row_number += 1
                if row_number > limits.max_rows:
                    raise InvalidInput(_too_many_rows(limits))
                values, column = {}, 0
            elif tag == f"{MAIN_NS}c":
                cell_ref, cell_type = element.get("r"), element.get("t", "n")
                value_text, inline_parts = None, []
                if cell_ref:
                    match = CELL_REFERENCE.match(cell_ref)
                    if match is None:
                        raise InvalidInput(_not_xlsx())
                    column = _column_number(match.group(1))
                    if int(match.group(2)) != row_number:
                        raise InvalidInput(_not_xlsx())
                else:
                    column += 1
                if column > limits.max_columns:
                    raise InvalidInput(_too_many_columns(limits))
            continue
        # end events
        if tag == f"{MAIN_NS}v":
            value_text = element.text or ""
            if len(value_text) > limits.max_cell_chars:
                raise InvalidInput(_cell_too_long(limits, row_number))
        elif tag == f"{MAIN_NS}t" and cell_type == "inlineStr":
            inline_parts.append(element.text or "")
            if sum(map(len, inline_parts)) > limits.max_cell_chars:
                raise InvalidInput(_cell_too_long(limits, row_number))
        elif tag == f"{MAIN_NS}c":
            text = _cell_text(cell_type, value_text, inline_parts, shared)
            if text is None:
                raise InvalidInput(_cell_too_long(limits, row_number))
            if text:
                values[column] = text
            element.clear()
        elif tag == f"{MAIN_NS}row":
            if any(value.strip() for value in values.values()):
                width = max(values)
                rows.append((row_number, [values.get(index, "") for index in range(1, width + 1)]))
            element.clear()
    return rows


def _cell_text(cell_type, value_text, inline_parts, shared):
    """The text a cell shows; None for a shared string over the length limit."""
    if cell_type == "inlineStr":
        return "".join(inline_parts)
    if value_text is None:
        return ""
    if cell_type == "s":
        try:
            return shared[int(value_text)]
        except (ValueError, IndexError):
            raise InvalidInput(_not_xlsx()) from None
    if cell_type == "b":
        return "TRUE" if value_text == "1" else "FALSE"
    if cell_type in ("str", "e"):
        return value_text
    return _number_text(value_text)
