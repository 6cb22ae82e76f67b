"""Reading and checking an HR staff list (CSV or XLSX) before anything is saved.

`read_rows` turns a file into numbered rows; `check_rows` finds every bad row (with its line
number and the reason) and says what importing would do. services.import_staff writes, and
checks again inside its transaction: all rows or none.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import slugify
from django.utils.translation import gettext as _

from people.models import Disability, Office, Position, Province, Sex, StaffProfile, User

REQUIRED = ("employee_id", "first_name", "last_name", "sex", "province")
OPTIONAL = ("name_native", "email", "disability", "office", "position")
COLUMNS = REQUIRED + OPTIONAL
SEX_ALIASES = {"f": Sex.FEMALE, "female": Sex.FEMALE, "m": Sex.MALE, "male": Sex.MALE}
MAX_ROWS = 20000


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, no header, missing columns)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportCheck:
    rows: list = field(default_factory=list)  # [(line, {column: value})], values cleaned
    errors: list = field(default_factory=list)
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0

    @property
    def is_valid(self):
        return not self.errors and bool(self.rows)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 101 as 101.0
    return str(value).strip()


def _header(values):
    return [_text(v).lower().replace(" ", "_").replace("-", "_") for v in values]


def read_rows(upload):
    """[(line number, {column: text})] from a .csv or .xlsx upload; blank lines are skipped."""
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        table = _xlsx_lines(upload)
    else:
        table = _csv_lines(upload)
    try:
        header = _header(next(table)[1])
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ImportFileError(_("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    rows = []
    for line, values in table:
        cells = {column: _text(values[i]) if i < len(values) else "" for i, column in enumerate(header)}
        if not any(cells.values()):
            continue
        rows.append((line, {column: cells.get(column, "") for column in COLUMNS}))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    if not rows:
        raise ImportFileError(_("The file has no staff rows."))
    return rows


def _csv_lines(upload):
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("Save the CSV file as UTF-8 and upload it again.")) from None
    yield from enumerate(csv.reader(io.StringIO(text)), start=1)


def _xlsx_lines(upload):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a broken file
        raise ImportFileError(_("This is not a readable Excel (.xlsx) file.")) from None
    sheet = workbook.worksheets[0]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, list(values)


def username_for(employee_id):
    return slugify(employee_id)[:150] or employee_id


def check_rows(rows, scope):
    """Every problem in every row, and what an import would create, update or leave as it is."""
    check = ImportCheck()
    ids = [cells["employee_id"] for _line, cells in rows if cells["employee_id"]]
    provinces = {p.code.upper(): p for p in Province.objects.all()}
    offices = {o.code.upper(): o for o in Office.objects.all()}
    positions = {p.code.lower(): p for p in Position.objects.all()}
    existing = {s.employee_id: s for s in StaffProfile.objects.filter(employee_id__in=ids).select_related("user")}
    usernames = {username_for(i) for i in ids if i not in existing}
    taken = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    seen = {}
    for line, raw in rows:
        errors = []

        def error(column, message, errors=errors, line=line):
            errors.append(RowError(line, column, message))

        cells = dict(raw)
        for column in REQUIRED:
            if not cells[column]:
                error(column, _("The cell “%(column)s” is empty.") % {"column": column})
        employee_id = cells["employee_id"]
        if employee_id:
            if employee_id in seen:
                error(
                    "employee_id",
                    _("Employee ID %(id)s is also on line %(line)d.") % {"id": employee_id, "line": seen[employee_id]},
                )
            else:
                seen[employee_id] = line
        sex = SEX_ALIASES.get(cells["sex"].lower()) if cells["sex"] else None
        if cells["sex"] and sex is None:
            error("sex", _("Sex must be “female” or “male”."))
        cells["sex"] = sex or ""
        disability = cells["disability"].lower()
        if disability and disability not in Disability.values:
            error("disability", _("Unknown disability “%(value)s”.") % {"value": cells["disability"]})
        cells["disability"] = disability
        province = provinces.get(cells["province"].upper()) if cells["province"] else None
        if cells["province"] and province is None:
            error("province", _("Unknown province “%(code)s”.") % {"code": cells["province"]})
        elif province and not scope.covers(country_id=province.country_id, province_id=province.pk):
            error("province", _("Province %(code)s is outside the area you manage.") % {"code": province.code})
        cells["province"] = province.code if province else cells["province"]
        office = offices.get(cells["office"].upper()) if cells["office"] else None
        if cells["office"] and office is None:
            error("office", _("Unknown office “%(code)s”.") % {"code": cells["office"]})
        elif office and province and office.province_id != province.pk:
            error(
                "office",
                _("Office %(code)s is not in province %(province)s.")
                % {"code": office.code, "province": province.code},
            )
        cells["office"] = office.code if office else cells["office"]
        position = positions.get(cells["position"].lower()) if cells["position"] else None
        if cells["position"] and position is None:
            error("position", _("Unknown position “%(code)s”.") % {"code": cells["position"]})
        cells["position"] = position.code if position else cells["position"]
        if cells["email"]:
            try:
                validate_email(cells["email"])
            except ValidationError:
                error("email", _("“%(value)s” is not a valid e-mail address.") % {"value": cells["email"]})
        profile = existing.get(employee_id)
        if profile is not None and not scope.covers(country_id=profile.country_id, province_id=profile.province_id):
            error(
                "employee_id",
                _("Employee ID %(id)s belongs to staff outside the area you manage.") % {"id": employee_id},
            )
        if profile is None and employee_id and username_for(employee_id) in taken:
            error(
                "employee_id",
                _("The login name “%(name)s” is already used by someone else.") % {"name": username_for(employee_id)},
            )
        check.errors.extend(errors)
        check.rows.append((line, cells))
        if not errors:
            if profile is None:
                check.to_create += 1
            elif changes_for(profile, cells, provinces, offices, positions):
                check.to_update += 1
            else:
                check.unchanged += 1
    return check


def profile_values(cells, provinces, offices, positions):
    province = provinces[cells["province"].upper()]
    return {
        "name_native": cells["name_native"],
        "sex": cells["sex"],
        "disability": cells["disability"],
        "country_id": province.country_id,
        "province_id": province.pk,
        "office_id": offices[cells["office"].upper()].pk if cells["office"] else None,
        "position_id": positions[cells["position"].lower()].pk if cells["position"] else None,
    }


def user_values(cells):
    return {"first_name": cells["first_name"], "last_name": cells["last_name"], "email": cells["email"]}


def changes_for(profile, cells, provinces, offices, positions):
    """{field: new value} for what differs between the stored person and the row."""
    changes = {}
    for name, value in profile_values(cells, provinces, offices, positions).items():
        if getattr(profile, name) != value:
            changes[name] = value
    for name, value in user_values(cells).items():
        if getattr(profile.user, name) != value:
            changes[f"user.{name}"] = value
    return changes
