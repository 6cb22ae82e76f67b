"""Shared reads for the HR pages: every figure is an aggregate query, a fixed number per page.

Everything starts from `staff_for(scope, filters)`: the staff an HR planner may see (their scope,
from people.permissions) narrowed by the filters. Filters can only narrow, never widen.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from courses.models import Enrolment, Tier
from people.models import Country, Disability, Office, Position, Province, StaffProfile

from . import live_training, results
from .models import Competency, CompetencyRecord, CourseCompetency, PositionRequirement

SEXES = ("female", "male")


@dataclass(frozen=True)
class Filters:
    country: Country | None = None
    province: Province | None = None
    office: Office | None = None
    position: Position | None = None
    sex: str = ""
    disability: str = ""  # "", "yes", "no", "not_stated"
    date_from: date | None = None
    date_to: date | None = None

    def period(self):
        """The completion period as aware datetimes [start, end); None for an open end."""
        start = end = None
        if self.date_from:
            start = timezone.make_aware(datetime.combine(self.date_from, time.min))
        if self.date_to:
            end = timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))
        return start, end


# Reference data within a scope (filter choices) ----------------------------------------------------


def countries_in(scope):
    if scope.everywhere:
        return Country.objects.all()
    return Country.objects.filter(Q(pk__in=scope.country_ids) | Q(provinces__in=scope.province_ids)).distinct()


def provinces_in(scope):
    provinces = Province.objects.select_related("country")
    if scope.everywhere:
        return provinces
    return provinces.filter(Q(country_id__in=scope.country_ids) | Q(pk__in=scope.province_ids))


def offices_in(scope):
    offices = Office.objects.all()
    if scope.everywhere:
        return offices
    return offices.filter(Q(province__country_id__in=scope.country_ids) | Q(province_id__in=scope.province_ids))


# Staff -----------------------------------------------------------------------------------------------


# Staff on the ministry's list carry an employee ID (staff import, demo, admin). An account made
# through sign-up has none: it may be anyone, so it is not counted as staff (a note says how many).
ON_STAFF_LIST = Q(employee_id__gt="")


def staff_for(scope, filters):
    """The staff profiles behind every figure (staff on the staff list): the scope first, then the filters."""
    return profiles_for(scope, filters).filter(ON_STAFF_LIST)


def profiles_for(scope, filters):
    """Every staff profile in the scope and filters, self-registered accounts included."""
    return _narrowed(StaffProfile.objects.all(), scope, filters)


def _narrowed(queryset, scope, filters, prefix=""):
    """Rows of `queryset` whose staff profile (reached through `prefix`) is in the scope and filters.

    The conditions apply to the profile joined to the rows, not through `profile__in=<staff>`: at
    20,000 staff that subquery cost PostgreSQL a second scan of the profiles and a hash join per
    aggregate (see benchmarks/competencies_bench.py).
    """
    rows = scope.filter(queryset, country_field=f"{prefix}country", province_field=f"{prefix}province")
    for name in ("country", "province", "office", "position"):
        value = getattr(filters, name)
        if value is not None:
            rows = rows.filter(**{f"{prefix}{name}": value})
    if filters.sex:
        rows = rows.filter(**{f"{prefix}sex": filters.sex})
    if filters.disability == "yes":
        rows = rows.exclude(**{f"{prefix}disability__in": ["", Disability.NONE]})
    elif filters.disability == "no":
        rows = rows.filter(**{f"{prefix}disability": Disability.NONE})
    elif filters.disability == "not_stated":
        rows = rows.filter(**{f"{prefix}disability": ""})
    return rows


def completions_for(staff, filters):
    """Completed enrolments of these staff within the period."""
    start, end = filters.period()
    completions = Enrolment.objects.filter(completed_at__isnull=False)
    if staff is not None:
        completions = completions.filter(learner__staff_profile__in=staff)
    if start:
        completions = completions.filter(completed_at__gte=start)
    if end:
        completions = completions.filter(completed_at__lt=end)
    return completions


def staff_completions(scope, filters):
    """Completed enrolments in the period of the staff of `staff_for(scope, filters)`, filtered on their profile."""
    prefix = "learner__staff_profile__"
    completions = _narrowed(completions_for(None, filters), scope, filters, prefix)
    return completions.filter(**{f"{prefix}employee_id__gt": ""})


def _by_sex(rows, key, value):
    figures = {sex: 0 for sex in SEXES}
    for row in rows:
        if row[key] in figures:
            figures[row[key]] += value(row) or 0
    figures["total"] = sum(figures[sex] for sex in SEXES)
    return figures


def dashboard_figures(scope, filters):
    """Headcount, staff trained, share trained, training hours and completions by tier, by sex (3 queries).

    Headcount and every figure count staff on the staff list; `unlisted` is the number of
    self-registered accounts (no employee ID) left out, counted in the same query as the headcount.
    Staff trained are counted from the profiles with a completion (a semi-join), not as distinct
    learners among the completions: no sort of every completion (about twice as fast at 20,000 staff).
    """
    counts = list(
        profiles_for(scope, filters)
        .values("sex")
        .annotate(n=Count("id", filter=ON_STAFF_LIST), unlisted=Count("id", filter=~ON_STAFF_LIST))
    )
    headcount = _by_sex(counts, "sex", lambda r: r["n"])
    completed = completions_for(None, filters).filter(learner_id=OuterRef("user_id"))
    trained_rows = staff_for(scope, filters).filter(Exists(completed)).values("sex").annotate(people=Count("id"))
    trained = _by_sex(trained_rows, "sex", lambda r: r["people"])
    sex_field = "learner__staff_profile__sex"
    tier_rows = list(
        staff_completions(scope, filters)
        .values(sex_field, "course__tier")
        .annotate(n=Count("id"), hours=Sum("course__duration_hours"))
    )
    hours = _by_sex(tier_rows, sex_field, lambda r: r["hours"])
    by_tier = {}
    for tier in Tier:
        by_tier[tier] = _by_sex([r for r in tier_rows if r["course__tier"] == tier], sex_field, lambda r: r["n"])
    share = {key: (trained[key] / headcount[key] if headcount[key] else None) for key in headcount}
    return {
        "headcount": headcount,
        "trained": trained,
        "share_trained": share,
        "hours": hours,
        "completions": _by_sex(tier_rows, sex_field, lambda r: r["n"]),
        "by_tier": by_tier,
        "unlisted": sum(row["unlisted"] for row in counts),
    }


# Gaps ------------------------------------------------------------------------------------------------


def _requirements_met(scope, filters):
    """One row per (staff profile, competency its position requires) where the person holds it at the level.

    Annotated with `required_competency`; each pair appears once (one requirement per position and
    competency), so counting rows counts people, with no COUNT(DISTINCT ...) sort of the records.
    """
    meets = CompetencyRecord.objects.held().filter(
        person_id=OuterRef("user_id"),
        competency_id=OuterRef("required_competency"),
        level__rank__gte=OuterRef("required_rank"),
    )
    # Redundant (the person is one of the staff), but it lets PostgreSQL hash only the records of the
    # scope: a provincial planner's page no longer reads every record in the country.
    meets = _narrowed(meets, scope, filters, "person__staff_profile__")
    return (
        staff_for(scope, filters)
        .annotate(
            required_competency=F("position__requirements__competency_id"),
            required_rank=F("position__requirements__level__rank"),
        )
        # Not null: PostgreSQL then joins position, requirement and level as inner joins.
        .filter(required_competency__isnull=False, required_rank__isnull=False)
        .filter(Exists(meets))
    )


def gap_matrix(scope, filters, *, by="province"):
    """For each required competency and each province (or office): staff required, staff meeting it, by sex.

    Four queries whatever the number of staff: the requirements, the headcount per group/position/sex,
    the people meeting each requirement per group/competency/sex, and the groups' names.
    Returns (competencies, groups, cells) with cells[(competency_id, group_id)] = {"required": {...}, "met": {...}}.
    """
    group_field = "office_id" if by == "office" else "province_id"
    staff = staff_for(scope, filters)
    requirements = defaultdict(list)
    competencies = {}
    for req in PositionRequirement.objects.select_related("competency__area"):
        requirements[req.position_id].append(req.competency_id)
        competencies[req.competency_id] = req.competency
    cells = defaultdict(lambda: {"required": dict.fromkeys(SEXES, 0), "met": dict.fromkeys(SEXES, 0)})
    headcount = staff.filter(position__isnull=False).values(group_field, "position_id", "sex").annotate(n=Count("id"))
    for row in headcount:
        if row[group_field] is None or row["sex"] not in SEXES:
            continue
        for competency_id in requirements.get(row["position_id"], ()):
            cells[(competency_id, row[group_field])]["required"][row["sex"]] += row["n"]
    met_rows = (
        _requirements_met(scope, filters).values(group_field, "sex", "required_competency").annotate(n=Count("id"))
    )
    for row in met_rows:
        group_id, sex = row[group_field], row["sex"]
        if group_id is not None and sex in SEXES:
            cells[(row["required_competency"], group_id)]["met"][sex] += row["n"]
    for cell in cells.values():
        for part in ("required", "met"):
            cell[part]["total"] = sum(cell[part][sex] for sex in SEXES)
    group_ids = {group_id for _c, group_id in cells}
    model = Office if by == "office" else Province
    groups = list(model.objects.filter(pk__in=group_ids).order_by("name")) if group_ids else []
    ordered = sorted(competencies.values(), key=lambda c: (c.area.sort_order, c.sort_order, c.code))
    return ordered, groups, dict(cells)


def largest_gaps(competencies, groups, cells, *, limit=15):
    """The (competency, group) pairs with the most staff still missing the competency."""
    names = {c.pk: c for c in competencies}
    group_names = {g.pk: g for g in groups}
    gaps = []
    for (competency_id, group_id), cell in cells.items():
        missing = {key: cell["required"][key] - cell["met"][key] for key in (*SEXES, "total")}
        if missing["total"] > 0:
            gaps.append((names[competency_id], group_names.get(group_id), cell, missing))
    gaps.sort(key=lambda item: (-item[3]["total"], item[0].code))
    return gaps[:limit]


# Drill-down: the people behind a figure ---------------------------------------------------------------


def people_behind(scope, filters, *, metric="", tier="", competency=None, status="", cohort=None, course_id=None):
    """Staff profiles behind one figure of the dashboard or the gaps page (not yet evaluated).

    metric "registered": registered in `cohort`, or in any upcoming cohort of the dashboard's list.
    metric "certificates": holding a valid certificate issued in the period (of a course of `tier`).
    metric "gain": with both pre- and post-test grades in a course (`course_id`, or any).
    """
    staff = staff_for(scope, filters)
    if metric in ("trained", "completions"):
        completions = completions_for(None, filters).filter(learner_id=OuterRef("user_id"))
        if tier:
            completions = completions.filter(course__tier=tier)
        staff = staff.filter(Exists(completions))
    elif metric == "gap" and competency is not None:
        required = PositionRequirement.objects.filter(position_id=OuterRef("position_id"), competency=competency)
        meets = (
            CompetencyRecord.objects.held()
            .filter(person_id=OuterRef("user_id"), competency=competency)
            .filter(
                Exists(
                    PositionRequirement.objects.filter(
                        position_id=OuterRef(OuterRef("position_id")),
                        competency=competency,
                        level__rank__lte=OuterRef("level__rank"),
                    )
                )
            )
        )
        staff = staff.filter(Exists(required))
        staff = staff.filter(Exists(meets)) if status == "met" else staff.exclude(Exists(meets))
    elif metric == "registered":
        cohorts = live_training.upcoming_cohorts(scope, filters)
        if cohort is not None:
            cohorts = cohorts.filter(pk=cohort.pk)
        staff = staff.filter(Exists(live_training.registrations(cohorts).filter(person_id=OuterRef("user_id"))))
    elif metric == "certificates":
        issued = results.certificates(None, filters).filter(holder_id=OuterRef("user_id"), status="valid")
        if tier:
            issued = issued.filter(enrolment__course__tier=tier)
        staff = staff.filter(Exists(issued))
    elif metric == "gain":
        staff = results.with_both_tests(staff, filters, course_id)
    return staff.with_organisation().order_by("province__name", "user__last_name", "user__first_name", "pk")


def profiles_by_pk(pks):
    """The staff profiles of these ids, with their organisation, in the order of `pks`: one query.

    The people page sorts and pages the ids alone, then reads 50 whole rows: sorting every matching
    profile with its user, country, province, office and position took twice as long at 20,000 staff.
    """
    pks = list(pks)
    found = StaffProfile.objects.with_organisation().in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


# One person ------------------------------------------------------------------------------------------


def person_competencies(profile):
    """Required versus held for one person, and the courses and cohorts that close each gap (4 queries)."""
    requirements = []
    if profile.position_id:
        requirements = list(
            PositionRequirement.objects.filter(position_id=profile.position_id).select_related("competency", "level")
        )
    records = list(
        CompetencyRecord.objects.filter(person_id=profile.user_id)
        .select_related("competency", "level", "enrolment__course", "assessed_by")
        .order_by("-achieved_at")
    )
    best = {}
    for record in records:
        if record.is_held and (record.competency_id not in best or record.level.rank > best[record.competency_id].rank):
            best[record.competency_id] = record.level
    gaps = [r for r in requirements if r.competency_id not in best or best[r.competency_id].rank < r.level.rank]
    closing = defaultdict(list)
    if gaps:
        grants = CourseCompetency.objects.filter(
            competency_id__in=[r.competency_id for r in gaps], course__live=True
        ).select_related("course", "level")
        needed = {r.competency_id: r.level.rank for r in gaps}
        for grant in grants:
            if grant.level.rank >= needed[grant.competency_id]:
                closing[grant.competency_id].append(grant.course)
    joinable = live_training.cohorts_to_join(
        {course.pk for courses in closing.values() for course in courses}, country_id=profile.country_id
    )
    rows = [
        {
            "competency": r.competency,
            "required": r.level,
            "held": best.get(r.competency_id),
            "met": r not in gaps,
            "courses": closing.get(r.competency_id, []),
            "cohorts": sorted(
                (cohort for course in closing.get(r.competency_id, []) for cohort in joinable.get(course.pk, [])),
                key=lambda cohort: (cohort.start_date, cohort.pk),
            ),
        }
        for r in requirements
    ]
    return {"rows": rows, "records": records, "gap_count": len(gaps)}


def framework():
    return Competency.objects.select_related("area")
