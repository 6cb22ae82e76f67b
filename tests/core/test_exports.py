"""The export module: formula-safe CSV and XLSX that say what they hold, scope and date in the name."""

import csv
import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from core.exports import Export, csv_bytes, csv_response, response, xlsx_bytes, xlsx_response, zip_response

DANGEROUS = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")']
MADE_AT = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 1 December in Phnom Penh and Vientiane (UTC+7)


def _export(rows=None, **extra):
    fields = {
        "key": "people",
        "title": "Staff",
        "columns": ["Name", "Score", "Hours", "Date"],
        "rows": rows if rows is not None else [["Sokha", 7, Decimal("8.5"), date(2026, 11, 2)]],
        "scope": "Savannakhet",
        "scope_slug": "la-sv",
        "filters": [("Course", "Counselling"), ("Sex", ""), ("Province", None)],
        "made_at": MADE_AT,
    }
    fields.update(extra)
    return Export(**fields)


def _csv_rows(export):
    content = csv_bytes(export).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def _sheet(export):
    data = xlsx_bytes(export)
    return data, load_workbook(io.BytesIO(data)).active


# CSV -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_neutralises_cells_that_would_start_a_formula(text):
    rows = _csv_rows(_export(rows=[[text, 1, 2, 3]], title=text, columns=[text, "b", "c", "d"]))
    assert rows[0] == ["'" + text]  # the title row too
    header = rows.index(["'" + text, "b", "c", "d"])
    assert rows[header + 1][0] == "'" + text


def test_csv_keeps_numbers_and_plain_text_as_they_are():
    rows = _csv_rows(_export(rows=[["ចាន់ សុខា", -7, Decimal("-1.5"), 2.25], ["a=b", 0, None, True]]))
    assert rows[-2] == ["ចាន់ សុខា", "-7", "-1.5", "2.25"]  # negative numbers are numbers, not formulas
    assert rows[-1] == ["a=b", "0", "", "True"]


def test_csv_title_rows_say_what_scope_filters_and_date_above_the_header():
    with translation.override("en"):
        rows = _csv_rows(_export())
    assert rows[:5] == [
        ["Staff"],
        ["Scope", "Savannakhet"],
        ["Filters", "Course: Counselling"],
        ["Exported on", "2026-12-01 06:30"],
        [],
    ]
    assert rows[5] == ["Name", "Score", "Hours", "Date"]
    assert rows[6] == ["Sokha", "7", "8.5", "2026-11-02"]


def test_title_rows_are_translated():
    with translation.override("km"):
        rows = _csv_rows(_export(filters=[]))
    assert rows[1][0] == "វិសាលភាព" and rows[2] == ["តម្រង", "គ្មាន"] and rows[3][0] == "នាំចេញនៅ"
    with translation.override("lo"):
        rows = _csv_rows(_export(filters=[]))
    assert rows[1][0] == "ຂອບເຂດ" and rows[2] == ["ຕົວກອງ", "ບໍ່ມີ"] and rows[3][0] == "ສົ່ງອອກເມື່ອ"


# XLSX ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", DANGEROUS)
def test_xlsx_writes_text_as_text_never_as_a_formula(text):
    data, sheet = _sheet(_export(rows=[[text, 1, 2, 3]], title=text, columns=[text, "b", "c", "d"]))
    # XML reads a bare carriage return back as a line feed; the cell is still that text.
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == text.replace("\r", "\n")]
    assert len(cells) == 3  # title, header and row
    assert all(cell.data_type == "s" for cell in cells)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_xlsx_numbers_stay_numbers_and_dates_are_iso_text():
    _data, sheet = _sheet(_export(rows=[["Sokha", -7, Decimal("8.5"), date(2026, 11, 2)], ["Noy", 2.25, 0, None]]))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-2] == ("Sokha", -7, 8.5, "2026-11-02")
    assert rows[-1][:3] == ("Noy", 2.25, 0)
    numbers = [cell for cell in list(sheet.iter_rows())[-2][1:3]]
    assert all(cell.data_type == "n" for cell in numbers)


def test_xlsx_title_rows_and_a_frozen_header():
    with translation.override("en"):
        _data, sheet = _sheet(_export())
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Staff"
    assert rows[1][:2] == ("Scope", "Savannakhet")
    assert rows[2][:2] == ("Filters", "Course: Counselling")
    assert rows[3][:2] == ("Exported on", "2026-12-01 06:30")
    assert rows[5][:4] == ("Name", "Score", "Hours", "Date")
    # Everything down to the header row stays in view while scrolling.
    assert sheet.freeze_panes == "A7"
    assert sheet.cell(row=6, column=1).font.bold


def test_xlsx_drops_control_characters_and_cuts_overlong_text_instead_of_failing():
    long_text = "ក" * 40000
    _data, sheet = _sheet(_export(rows=[["So\x00kha\x1b", long_text, "tab\tand\nnewline", 1]]))
    row = list(sheet.iter_rows(values_only=True))[-1]
    assert row[0] == "Sokha"
    assert len(row[1]) == 32767
    assert row[2] == "tab\tand\nnewline"


# Responses and file names ---------------------------------------------------------------------


def test_file_names_carry_key_scope_slug_and_local_date():
    export = _export()
    assert csv_response(export)["Content-Disposition"] == 'attachment; filename="people-la-sv-2026-12-01.csv"'
    assert xlsx_response(export)["Content-Disposition"] == 'attachment; filename="people-la-sv-2026-12-01.xlsx"'
    assert response(export, "xlsx")["X-Content-Type-Options"] == "nosniff"


def test_file_names_stay_ascii_and_never_empty():
    export = _export(key="ក ខ", scope_slug='la"; x=1')
    assert export.filename("csv") == "export-la-x1-2026-12-01.csv"


def test_unknown_format_is_the_callers_to_refuse():
    with pytest.raises(KeyError):
        response(_export(), "ods")


def test_zip_holds_each_file_unchanged():
    reply = zip_response([("a.pdf", b"%PDF-1"), ("b.pdf", b"%PDF-2")], filename="cohort-kh-2026-12-01.zip")
    assert reply["Content-Type"] == "application/zip"
    assert reply["Content-Disposition"] == 'attachment; filename="cohort-kh-2026-12-01.zip"'
    with zipfile.ZipFile(io.BytesIO(reply.content)) as archive:
        assert archive.read("a.pdf") == b"%PDF-1" and archive.read("b.pdf") == b"%PDF-2"


def test_neutralise_is_the_one_rule_for_a_cell():
    from core.exports import neutralise

    assert neutralise("=1+2") == "'=1+2" and neutralise("a=b") == "a=b"
    assert neutralise(-3) == -3 and neutralise(Decimal("-1.5")) == Decimal("-1.5") and neutralise(2.5) == 2.5
    assert neutralise(None) == "" and neutralise(False) == "False"
    assert neutralise(date(2026, 1, 2)) == "2026-01-02"


def test_a_naive_export_time_is_taken_as_local_not_a_500():
    export = _export(made_at=datetime(2026, 12, 1, 6, 30))
    assert export.filename("csv") == "people-la-sv-2026-12-01.csv"
    with translation.override("en"):
        assert export.title_rows()[-1] == ["Exported on", "2026-12-01 06:30"]
