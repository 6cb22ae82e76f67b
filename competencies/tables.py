"""Tables shown on the HR pages and exported as they are shown: one definition, three formats.

A Table holds plain values (numbers, text) and, per cell, an optional link to the people behind
the figure and a CSS class (heatmap colour). HTML renders it; CSV and XLSX write its values.
"""

import csv
import io
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.text import slugify


@dataclass
class Cell:
    value: object
    href: str = ""
    css: str = ""
    label: str = ""  # what the cell shows when it differs from its exported value, e.g. "63% (12/19)"

    def __str__(self):
        return self.label or ("" if self.value is None else str(self.value))


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)  # each row: a list of Cell, the first one the row header
    caption: str = ""

    def add(self, *cells):
        self.rows.append([cell if isinstance(cell, Cell) else Cell(cell) for cell in cells])

    def plain_rows(self):
        yield [str(column) for column in self.columns]
        for row in self.rows:
            yield [_export_value(cell) for cell in row]


def _export_value(cell):
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return str(value)


def _filename(table, extension):
    return f"{slugify(table.key) or 'table'}.{extension}"


def csv_response(table):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel reads Khmer and Lao as UTF-8
    writer = csv.writer(buffer)
    for row in table.plain_rows():
        writer.writerow(row)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "csv")}"'
    return response


def xlsx_response(table):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = (slugify(table.key) or "table")[:31]
    for index, row in enumerate(table.plain_rows()):
        sheet.append(row)
        if index == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "xlsx")}"'
    return response


def heat_class(share):
    """A colour band for a share 0..1; the number is always printed too (colour is never the only cue)."""
    if share is None:
        return "heat-none"
    for limit, name in ((0.25, "heat-0"), (0.5, "heat-1"), (0.75, "heat-2")):
        if share < limit:
            return name
    return "heat-3"
