"""core.uploads: limits are checked before the work they bound, with real crafted files.

Each refusal must come quickly and say what is wrong: the files below are small on disk but
declare (or inflate to) far more than a staff list holds.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.errors import InvalidInput
from core.uploads import DEFAULT_LIMITS as DEFAULTS
from core.uploads import Limits, read_table

WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Staff" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared in English; another test may leave a language active in this thread.
    with translation.override("en"):
        yield


def _xlsx(sheet_data, *, dimension="A1:B2", shared=None, extra=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'{SHEET_OPEN}<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>',
        )
        if shared is not None:
            items = "".join(f"<si><t>{text}</t></si>" for text in shared)
            archive.writestr(
                "xl/sharedStrings.xml",
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + items + "</sst>",
            )
        for name, content in extra:
            archive.writestr(name, content)
    return buffer.getvalue()


def _upload(data, name="staff.xlsx"):
    return SimpleUploadedFile(name, data)


def _refused(data, name="staff.xlsx", limits=DEFAULTS):
    with pytest.raises(InvalidInput) as caught:
        read_table(_upload(data, name), limits)
    return str(caught.value.message)


def test_a_plain_workbook_reads_as_numbered_rows_of_text():
    data = _xlsx(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>'
        '<row r="3"><c r="A3"><v>101.0</v></c><c r="C3" t="s"><v>1</v></c></row>',
        shared=["employee_id", "ចាន់"],
    )
    assert read_table(_upload(data)) == [(1, ["employee_id", "name"]), (3, ["101", "", "ចាន់"])]


def test_a_workbook_written_by_openpyxl_reads_too():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["employee_id", "name"])
    workbook.active.append([9101, "ສົມໃຈ"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_table(_upload(buffer.getvalue())) == [(1, ["employee_id", "name"]), (2, ["9101", "ສົມໃຈ"])]


def test_a_huge_declared_dimension_is_never_materialised():
    # A couple of KB that declare the whole sheet; the dimension is not read, the cells are.
    data = _xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>', dimension="A1:XFD1048576")
    assert len(data) < 2000
    assert read_table(_upload(data)) == [(1, ["id"])]


def test_a_row_numbered_1048576_is_refused_at_once():
    data = _xlsx('<row r="1048576"><c r="A1048576"><v>1</v></c></row>', dimension="A1:A1048576")
    assert "more than 20001 lines" in _refused(data)


def test_a_cell_in_column_xfd_is_refused():
    data = _xlsx('<row r="1"><c r="XFD1"><v>1</v></c></row>', dimension="A1:XFD1")
    assert "more than 50 columns" in _refused(data)


def test_blank_rows_count_against_the_row_limit():
    limits = Limits(max_rows=100)
    blank_then_one = '<row r="1"><c r="A1"><v>1</v></c></row>' + "".join(f'<row r="{n}"/>' for n in range(2, 101))
    assert len(read_table(_upload(_xlsx(blank_then_one)), limits)) == 1
    over = blank_then_one + '<row r="101"/>'
    assert "more than 100 lines" in _refused(_xlsx(over), limits=limits)
    # Rows without a number count one by one, blank or not.
    unnumbered = "<row><c><v>1</v></c></row>" + "<row/>" * 100
    assert "more than 100 lines" in _refused(_xlsx(unnumbered), limits=limits)


def test_one_huge_shared_string_is_refused_before_it_is_inflated():
    # About 500 KB on disk: a shared string of 400 million characters would take gigabytes.
    huge = "a" * (40 * 1024 * 1024)
    data = _xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared=[huge])
    assert len(data) < 200_000
    assert "expands to far more data" in _refused(data)


def test_a_long_shared_string_within_the_size_limits_is_refused_where_used():
    data = _xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared=["b" * 6000])
    assert "more than 5000 characters" in _refused(data)


def test_a_zip_that_is_not_a_workbook_and_a_file_that_is_not_a_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "not a readable Excel" in _refused(buffer.getvalue())
    assert "not a readable Excel" in _refused(b"PK\x03\x04 this is not a zip at all")


def test_a_zip_with_too_many_entries_is_refused():
    data = _xlsx('<row r="1"><c r="A1"><v>1</v></c></row>', extra=[(f"junk/{n}.xml", "") for n in range(300)])
    assert "expands to far more data" in _refused(data)


def test_entities_are_refused():
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;</x>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", bomb)
    assert "not a readable Excel" in _refused(buffer.getvalue())


def test_the_upload_size_is_checked_before_reading():
    limits = Limits(max_bytes=1024)
    assert "larger than 0 MB" in _refused(b"a" * 2000, name="staff.csv", limits=limits)


def test_csv_rows_columns_cells_and_blank_lines_are_bounded():
    limits = Limits(max_rows=5, max_columns=3, max_cell_chars=10)
    assert read_table(_upload(b"a,b\n\n1,2\n", "s.csv"), limits) == [(1, ["a", "b"]), (3, ["1", "2"])]
    assert "more than 5 lines" in _refused(b"a\n\n\n\n\n1\n", "s.csv", limits)
    assert "more than 3 columns" in _refused(b"a,b,c,d\n", "s.csv", limits)
    assert read_table(_upload(b"a,b,,,,\n", "s.csv"), limits) == [(1, ["a", "b"])]
    assert "more than 10 characters" in _refused(b"a,bbbbbbbbbbbb\n", "s.csv", limits)
    assert "UTF-8" in _refused(b"\xff\xfe\x00a", "s.csv", limits)
    assert "NUL" in _refused(b"a,\x00b\n", "s.csv", limits)


def test_refusals_are_translated():
    data = _xlsx('<row r="1"><c r="XFD1"><v>1</v></c></row>')
    with translation.override("km"):
        message = _refused(data)
    assert "columns" not in message and any("\u1780" <= ch <= "\u17ff" for ch in message)
    with translation.override("lo"):
        message = _refused(data)
    assert any("\u0e80" <= ch <= "\u0eff" for ch in message)
