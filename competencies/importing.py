"""Reading and checking an HR staff list (CSV or XLSX) before anything is saved.

`read_rows` turns an upload into numbered rows (through core.uploads, which bounds the file before
parsing it); `check_rows` finds every bad row (with its line number and the reason) and says what
importing would do. services.import_staff writes, and checks again inside its transaction: all
rows or none.

What an import may change, and why:
- it creates new people (their e-mail and login name come from the file) and updates the
  organisation details and names of existing ones, found by employee ID;
- it never changes a login field of an existing person (e-mail, user name): a changed e-mail is
  how an account is taken over (a password reset to the new address). A differing e-mail is
  reported in the preview as "not changed";
- it only touches existing people whose only role is learner, in the importer's scope: anyone
  holding another role (administrator, content editor, trainer, HR planner), or Wagtail's
  staff/superuser flags, is an error row with the reason;
- every cell is checked with the target model's own rules (field lengths, printable names,
  e-mail syntax, organisation placement), so the confirm step cannot fail or truncate.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from core.uploads import Limits, read_table
from people.models import Disability, Office, Position, Province, Role, RoleAssignment, Sex, StaffProfile, User
from people.validators import validate_printable_name

REQUIRED = ("employee_id", "first_name", "last_name", "sex", "province")
OPTIONAL = ("name_native", "email", "disability", "office", "position")
COLUMNS = REQUIRED + OPTIONAL
SEX_ALIASES = {"f": Sex.FEMALE, "female": Sex.FEMALE, "m": Sex.MALE, "male": Sex.MALE}
MAX_ROWS = 20000
LIMITS = Limits(max_rows=MAX_ROWS + 1, max_columns=50, max_cell_chars=5000)

# The model field each text column is stored in: its max_length is the column's limit.
TARGET_FIELDS = {
    "employee_id": (StaffProfile, "employee_id"),
    "first_name": (User, "first_name"),
    "last_name": (User, "last_name"),
    "name_native": (StaffProfile, "name_native"),
    "email": (User, "email"),
}
NAME_COLUMNS = ("employee_id", "first_name", "last_name", "name_native")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportCheck:
    rows: list = field(default_factory=list)  # [(line, {column: value})], values cleaned
    errors: list = field(default_factory=list)
    notices: list = field(default_factory=list)  # RowError-shaped: what the import leaves as it is
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0

    @property
    def is_valid(self):
        return not self.errors and bool(self.rows)


def _header(values):
    return [value.strip().lower().replace(" ", "_").replace("-", "_") for value in values]


def read_rows(upload):
    """[(line number, {column: text})] from a .csv or .xlsx upload; blank lines count but are skipped."""
    table = read_table(upload, LIMITS)
    if not table:
        raise InvalidInput(_("The file is empty."))
    header = _header(table[0][1])
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise InvalidInput(_("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    rows = []
    for line, values in table[1:]:
        cells = {column: values[i].strip() if i < len(values) else "" for i, column in enumerate(header)}
        rows.append((line, {column: cells.get(column, "") for column in COLUMNS}))
    if not rows:
        raise InvalidInput(_("The file has no staff rows."))
    return rows


def username_for(employee_id):
    return slugify(employee_id)[:150] or employee_id


def placement_errors(*, province, office):
    """[(column, message)] for an organisation placement that does not hold together.

    The one placement check of the import: the country follows from the province, so what can be
    wrong is an office outside the province. people is writing `validate_placement` for the
    profile form and the admin; when it lands, this function should call it (one rule, one place).
    """
    if office is not None and province is not None and office.province_id != province.pk:
        return [
            (
                "office",
                _("Office %(code)s is not in province %(province)s.")
                % {"code": office.code, "province": province.code},
            )
        ]
    return []


def _cell_errors(cells):
    """Each text cell against its target field's length and, for names, printable characters."""
    errors = []
    for column, value in cells.items():
        if not value:
            continue
        if column in TARGET_FIELDS:
            model, name = TARGET_FIELDS[column]
            limit = model._meta.get_field(name).max_length
            if len(value) > limit:
                errors.append(
                    (
                        column,
                        _("The cell “%(column)s” holds %(length)d characters; at most %(limit)d fit.")
                        % {"column": column, "length": len(value), "limit": limit},
                    )
                )
                continue
        try:
            validate_printable_name(value)
        except ValidationError:
            errors.append((column, _("The cell “%(column)s” holds hidden or control characters.") % {"column": column}))
    return errors


def _wider_roles(user_ids):
    """Users (of `user_ids`) holding anything beyond the learner role, or Wagtail's admin flags."""
    wider = set(
        RoleAssignment.objects.filter(user_id__in=user_ids).exclude(role=Role.LEARNER).values_list("user_id", flat=True)
    )
    wider |= set(
        User.objects.filter(pk__in=user_ids)
        .filter(Q(is_staff=True) | Q(is_superuser=True))
        .values_list("pk", flat=True)
    )
    return wider


def check_rows(rows, scope):
    """Every problem in every row, and what an import would create, update or leave as it is."""
    check = ImportCheck()
    ids = [cells["employee_id"] for _line, cells in rows if cells["employee_id"]]
    provinces = {p.code.upper(): p for p in Province.objects.all()}
    offices = {o.code.upper(): o for o in Office.objects.all()}
    positions = {p.code.lower(): p for p in Position.objects.all()}
    existing = {s.employee_id: s for s in StaffProfile.objects.filter(employee_id__in=ids).select_related("user")}
    wider = _wider_roles([profile.user_id for profile in existing.values()])
    usernames = {username_for(i) for i in ids if i not in existing}
    taken = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    new_emails = {
        cells["email"].lower() for _line, cells in rows if cells["email"] and cells["employee_id"] not in existing
    }
    emails_taken = set()
    listed = sorted(new_emails)
    for start in range(0, len(listed), 1000):  # chunks, so 20,000 addresses are not one enormous statement
        taken_emails = User.objects.annotate(email_key=Lower("email")).filter(
            email_key__in=listed[start : start + 1000]
        )
        emails_taken |= set(taken_emails.values_list("email_key", flat=True))
    seen = {}
    seen_emails = {}
    seen_usernames = {}
    username_field = User._meta.get_field("username")
    for line, raw in rows:
        errors = []

        def error(column, message, errors=errors, line=line):
            errors.append(RowError(line, column, message))

        cells = dict(raw)
        for column in REQUIRED:
            if not cells[column]:
                error(column, _("The cell “%(column)s” is empty.") % {"column": column})
        for column, message in _cell_errors(cells):
            error(column, message)
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
            error("disability", _("Unknown disability “%(value)s”.") % {"value": cells["disability"][:50]})
        cells["disability"] = disability
        province = provinces.get(cells["province"].upper()) if cells["province"] else None
        if cells["province"] and province is None:
            error("province", _("Unknown province “%(code)s”.") % {"code": cells["province"][:50]})
        elif province and not scope.covers(country_id=province.country_id, province_id=province.pk):
            error("province", _("Province %(code)s is outside the area you manage.") % {"code": province.code})
        cells["province"] = province.code if province else cells["province"]
        office = offices.get(cells["office"].upper()) if cells["office"] else None
        if cells["office"] and office is None:
            error("office", _("Unknown office “%(code)s”.") % {"code": cells["office"][:50]})
        for column, message in placement_errors(province=province, office=office):
            error(column, message)
        cells["office"] = office.code if office else cells["office"]
        position = positions.get(cells["position"].lower()) if cells["position"] else None
        if cells["position"] and position is None:
            error("position", _("Unknown position “%(code)s”.") % {"code": cells["position"][:50]})
        cells["position"] = position.code if position else cells["position"]
        profile = existing.get(employee_id)
        email = cells["email"]
        if profile is None and email:
            _check_new_email(email, line, seen_emails, emails_taken, error)
        elif profile is not None and email and email.lower() != (profile.user.email or "").lower():
            check.notices.append(
                RowError(
                    line,
                    "email",
                    _("The e-mail of an existing person is not changed by an import (it stays as it is)."),
                )
            )
        if profile is not None:
            if not scope.covers(country_id=profile.country_id, province_id=profile.province_id):
                error(
                    "employee_id",
                    _("Employee ID %(id)s belongs to staff outside the area you manage.") % {"id": employee_id},
                )
            elif profile.user_id in wider:
                error(
                    "employee_id",
                    _(
                        "Employee ID %(id)s belongs to someone who holds a role beyond learner (trainer, HR planner, "
                        "editor or administrator); an import cannot change them. Ask an administrator."
                    )
                    % {"id": employee_id},
                )
        elif employee_id:
            username = username_for(employee_id)
            if username in seen_usernames and seen_usernames[username] != line:
                error(
                    "employee_id",
                    _("Employee ID %(id)s gives the same login name as line %(line)d.")
                    % {"id": employee_id, "line": seen_usernames[username]},
                )
            seen_usernames.setdefault(username, line)
            if username in taken:
                error(
                    "employee_id",
                    _("The login name “%(name)s” is already used by someone else.") % {"name": username},
                )
            else:
                try:
                    username_field.run_validators(username)
                except ValidationError:
                    error("employee_id", _("Employee ID %(id)s cannot be used as a login name.") % {"id": employee_id})
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


def _check_new_email(email, line, seen_emails, emails_taken, error):
    try:
        validate_email(email)
    except ValidationError:
        error("email", _("“%(value)s” is not a valid e-mail address.") % {"value": email[:254]})
        return
    key = email.lower()
    if key in seen_emails:
        error("email", _("The e-mail %(email)s is also on line %(line)d.") % {"email": email, "line": seen_emails[key]})
    else:
        seen_emails[key] = line
    if key in emails_taken:
        error("email", _("The e-mail %(email)s already belongs to an account.") % {"email": email})


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
    """What an import writes on a login: names only. E-mail is for new people (see new_user_values)."""
    return {"first_name": cells["first_name"], "last_name": cells["last_name"]}


def new_user_values(cells):
    return {**user_values(cells), "email": cells["email"]}


def changes_for(profile, cells, provinces, offices, positions):
    """{field: new value} for what differs between the stored person and the row (never a login field)."""
    changes = {}
    for name, value in profile_values(cells, provinces, offices, positions).items():
        if getattr(profile, name) != value:
            changes[name] = value
    for name, value in user_values(cells).items():
        if getattr(profile.user, name) != value:
            changes[f"user.{name}"] = value
    return changes
