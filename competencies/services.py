"""Writes on competency records. Receivers, views, the importer and the demo loader call these.

Records follow their evidence: a course completion grants what the course grants, a revoked
certificate withdraws what its enrolment granted, a supervisor's assessment grants one level.
"""

import calendar
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput

from .models import CompetencyRecord, CourseCompetency, Source


def add_months(moment, months):
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def grant_for_enrolment(*, enrolment):
    """Grant every competency the enrolment's course grants; safe to call twice or concurrently.

    Returns the records created now (an empty list when they already exist or the enrolment is not
    complete).
    """
    if enrolment.completed_at is None:
        return []
    created = []
    grants = CourseCompetency.objects.filter(course_id=enrolment.course_id).select_related("level")
    for grant in grants:
        expires = add_months(enrolment.completed_at, grant.validity_months) if grant.validity_months else None
        try:
            with transaction.atomic():
                record, was_created = CompetencyRecord.objects.get_or_create(
                    enrolment=enrolment,
                    competency_id=grant.competency_id,
                    defaults={
                        "person_id": enrolment.learner_id,
                        "level": grant.level,
                        "source": Source.COURSE,
                        "achieved_at": enrolment.completed_at,
                        "expires_at": expires,
                    },
                )
        except IntegrityError:  # another request granted it between our read and write
            continue
        if was_created:
            created.append(record)
    return created


@transaction.atomic
def withdraw_for_enrolment(*, enrolment, reason=""):
    """Withdraw the records whose evidence is this enrolment (its certificate was revoked)."""
    return (
        CompetencyRecord.objects.filter(enrolment=enrolment, withdrawn_at__isnull=True)
        .select_for_update()
        .update(withdrawn_at=timezone.now(), withdrawn_reason=str(reason)[:200])
    )


@transaction.atomic
def record_assessment(*, person, competency, level, assessor, assessed_on, note="", valid_months=None):
    """A supervisor (HR planner or administrator) certifies that a person holds a competency at a level."""
    now = timezone.now()
    if not isinstance(assessed_on, datetime):
        if assessed_on > timezone.localdate(now):
            raise InvalidInput(_("The assessment date cannot be in the future."))
        assessed_on = min(now, timezone.make_aware(datetime(assessed_on.year, assessed_on.month, assessed_on.day, 12)))
    if assessed_on > now:
        raise InvalidInput(_("The assessment date cannot be in the future."))
    return CompetencyRecord.objects.create(
        person=person,
        competency=competency,
        level=level,
        source=Source.SUPERVISOR,
        assessed_by=assessor,
        note=note,
        achieved_at=assessed_on,
        expires_at=add_months(assessed_on, valid_months) if valid_months else None,
    )


class ImportRejected(InvalidInput):
    """The staff list has bad rows; nothing was saved. `errors` lists every one of them."""

    def __init__(self, errors):
        super().__init__(_("The staff list has rows that cannot be imported. Nothing was saved."))
        self.errors = errors


LANGUAGE_OF_COUNTRY = {"KH": "km", "LA": "lo"}
PROGRESS_EVERY = 500
BULK_BATCH = 1000


@transaction.atomic
def import_staff(*, rows, scope, progress=None):
    """Create or update staff by employee ID from checked rows; all rows or none.

    The rows are checked again inside the transaction (the data may have changed since the
    preview: a role granted, an e-mail taken), with the profiles and logins being updated locked.
    An existing person's login fields (user name, e-mail) are never written. `progress(done)` is
    called every few hundred rows. Returns {"created", "updated", "unchanged", "created_ids"}.
    """
    from people.models import Office, Position, Province, StaffProfile, User

    from .importing import changes_for, check_rows

    ids = [cells["employee_id"] for _line, cells in rows]
    # Two imports touching the same provinces run one after the other (the second then sees what the
    # first created); FOR NO KEY UPDATE does not block ordinary inserts of staff into those provinces.
    codes = {cells["province"].upper() for _line, cells in rows}
    list(Province.objects.select_for_update(no_key=True).filter(code__in=codes).order_by("pk").values_list("pk"))
    list(StaffProfile.objects.select_for_update().filter(employee_id__in=ids).order_by("pk").values_list("pk"))
    list(User.objects.select_for_update().filter(staff_profile__employee_id__in=ids).order_by("pk").values_list("pk"))
    check = check_rows(rows, scope)
    if check.errors or not check.rows:
        raise ImportRejected(check.errors)
    provinces = {p.code.upper(): p for p in Province.objects.select_related("country")}
    offices = {o.code.upper(): o for o in Office.objects.all()}
    positions = {p.code.lower(): p for p in Position.objects.all()}
    existing = {s.employee_id: s for s in StaffProfile.objects.filter(employee_id__in=ids).select_related("user")}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    new_people = []
    for done, (_line, cells) in enumerate(check.rows, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
        profile = existing.get(cells["employee_id"])
        if profile is None:
            new_people.append(cells)
            continue
        changes = changes_for(profile, cells, provinces, offices, positions)
        if not changes:
            counts["unchanged"] += 1
            continue
        user_fields = [name.split(".", 1)[1] for name in changes if name.startswith("user.")]
        for name in user_fields:
            setattr(profile.user, name, changes[f"user.{name}"])
        if user_fields:
            profile.user.save(update_fields=user_fields)
        profile_fields = [name for name in changes if not name.startswith("user.")]
        for name in profile_fields:
            setattr(profile, name, changes[name])
        if profile_fields:
            profile.save(update_fields=[name.removesuffix("_id") for name in profile_fields])
        counts["updated"] += 1
    created = _create_staff_in_bulk(new_people, provinces, offices, positions)
    counts["created"] = len(created)
    counts["created_ids"] = [user.pk for user in created]
    if progress is not None:
        progress(len(check.rows))
    return counts


def _create_staff_in_bulk(rows, provinces, offices, positions):
    """New people, each with a login (no usable password), a staff profile and the learner role.

    What people.services.create_staff does for one person, in three statements per thousand
    people instead of a dozen queries per person: the rows were checked against the models' own
    rules (lengths, characters, login name, choices, references) inside this transaction, so
    nothing full_clean would refuse reaches here. (A 20,000-row import took 15 minutes person
    by person on a loaded machine.) When people offers a bulk creator, call it instead.
    """
    from people.models import Role, RoleAssignment, StaffProfile, User

    from .importing import new_user_values, profile_values, username_for

    users, profiles = [], []
    for cells in rows:
        province = provinces[cells["province"].upper()]
        user = User(
            username=username_for(cells["employee_id"]),
            preferred_language=LANGUAGE_OF_COUNTRY.get(province.country.code, ""),
            **new_user_values(cells),
        )
        user.set_unusable_password()
        users.append(user)
        profiles.append({**profile_values(cells, provinces, offices, positions), "employee_id": cells["employee_id"]})
    User.objects.bulk_create(users, batch_size=BULK_BATCH)
    StaffProfile.objects.bulk_create(
        [StaffProfile(user=user, **values) for user, values in zip(users, profiles, strict=True)], batch_size=BULK_BATCH
    )
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, role=Role.LEARNER) for user in users], batch_size=BULK_BATCH
    )
    return users
