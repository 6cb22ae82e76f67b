"""Reads shared by the cohort pages; each runs a fixed number of queries whatever the size."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from assessments.selectors import CourseResults, LearnerResults, course_results
from courses.models import Tier
from people.models import Role, StaffProfile
from people.permissions import scope_for

from .models import AttendanceRecord, CascadeLink, CertifiedTrainer, Cohort, Meeting, Participation

Status = Participation.Status


def with_counts(queryset):
    return queryset.annotate(
        registered_count=Count("participations", filter=Q(participations__status=Status.REGISTERED), distinct=True),
        waiting_count=Count("participations", filter=Q(participations__status=Status.WAITING), distinct=True),
    )


def listed_cohorts(*, kind="", province=None, language=""):
    """Upcoming cohorts for the public list, with course, place and how many places are taken."""
    cohorts = with_counts(Cohort.objects.upcoming().select_related("course", "country", "province"))
    if kind:
        cohorts = cohorts.filter(kind=kind)
    if province is not None:
        cohorts = cohorts.filter(province=province)
    cohorts = list(cohorts.order_by("start_date", "pk"))
    if language:  # JSON containment differs between SQLite and PostgreSQL; the list is short.
        cohorts = [c for c in cohorts if language in (c.languages or [])]
    return cohorts


def cohort_for_page(public_id):
    """A cohort with its course, country, trainers and meetings: four queries."""
    return (
        with_counts(Cohort.objects.select_related("course", "country", "province"))
        .prefetch_related(
            Prefetch("trainers", queryset=_people()),
            Prefetch("meetings", queryset=Meeting.objects.order_by("starts_at", "pk")),
        )
        .get(public_id=public_id)
    )


def _people():
    from people.models import User

    return User.objects.select_related("staff_profile")


def attach_trainer_ids(cohort):
    cohort._trainer_ids = frozenset(t.pk for t in cohort.trainers.all())
    return cohort


@dataclass
class RosterRow:
    participation: Participation
    records: list  # one AttendanceRecord or None per meeting, in meeting order
    attended: int = 0
    quiz: LearnerResults = field(default_factory=LearnerResults)  # kept pre/post-test grades
    quizzes_passed: bool | None = None  # None: the course requires no quiz


@dataclass
class Roster:
    meetings: list
    rows: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    results: CourseResults = field(default_factory=CourseResults)
    averages: dict = field(default_factory=dict)


def roster(cohort):
    """Participants with their attendance at every meeting and their quiz results: five queries for any size."""
    meetings = list(cohort.meetings.all())
    for meeting in meetings:
        meeting.cohort = cohort
    participations = list(
        Participation.objects.filter(cohort=cohort)
        .exclude(status=Status.WITHDRAWN)
        .select_related("person__staff_profile__province", "enrolment")
        .order_by("status", "waiting_position", "person__last_name", "person__username")
    )
    records = defaultdict(dict)
    for record in AttendanceRecord.objects.filter(meeting__cohort=cohort):
        records[record.participation_id][record.meeting_id] = record
    result = Roster(meetings=meetings)
    for participation in participations:
        if participation.status == Status.WAITING:
            result.waiting.append(participation)
        elif participation.status == Status.PENDING:
            result.pending.append(participation)
        else:
            mine = records.get(participation.pk, {})
            row = RosterRow(participation, [mine.get(m.pk) for m in meetings])
            row.attended = sum(1 for r in row.records if r and r.status in AttendanceRecord.ATTENDED)
            result.rows.append(row)
    _add_quiz_results(cohort, result)
    return result


def _add_quiz_results(cohort, result):
    """Each row's kept pre/post-test grades and required quizzes, and the cohort's average line."""
    person_ids = [row.participation.person_id for row in result.rows]
    result.results = course_results(cohort.course_id, person_ids)
    for row in result.rows:
        row.quiz = result.results.of(row.participation.person_id)
        row.quizzes_passed = result.results.required_met(row.participation.person_id)
    result.averages = result.results.averages(person_ids)
    if result.rows:
        result.averages["attended"] = round(sum(row.attended for row in result.rows) / len(result.rows), 1)
    result.averages["completed"] = sum(
        1 for row in result.rows if row.participation.enrolment and row.participation.enrolment.completed_at
    )


def meeting_sheet(meeting):
    """The registered participants of a meeting's cohort, each with their status at this meeting."""
    participations = list(
        Participation.objects.filter(cohort_id=meeting.cohort_id, status=Status.REGISTERED)
        .select_related("person__staff_profile")
        .order_by("person__last_name", "person__username")
    )
    records = {r.participation_id: r for r in AttendanceRecord.objects.filter(meeting=meeting)}
    return [(p, records.get(p.pk)) for p in participations]


def fill_rates(user):
    """Cohorts in the HR planner's scope with places taken; one query."""
    scope = scope_for(user, Role.HR_PLANNER)
    cohorts = with_counts(Cohort.objects.upcoming().select_related("course", "country", "province"))
    return list(scope.filter(cohorts).order_by("start_date", "pk"))


@dataclass
class Graduate:
    certification: CertifiedTrainer
    sessions: list = field(default_factory=list)
    reached: int = 0


@dataclass
class CascadeRow:
    cohort: Cohort
    graduates: list = field(default_factory=list)
    by_province: Counter = field(default_factory=Counter)
    by_sex: Counter = field(default_factory=Counter)
    with_disability: int = 0
    reached: int = 0
    counted: set = field(default_factory=set)  # sessions already counted (co-trained sessions once)

    @property
    def province_counts(self):
        return sorted(self.by_province.items())


def cascade_report(user):
    """For each ToT cohort: graduates, the provincial sessions they delivered, the people reached.

    Five queries whatever the number of cohorts, graduates and participants.
    """
    scope = scope_for(user, Role.HR_PLANNER)
    tot_cohorts = list(
        scope.filter(Cohort.objects.filter(kind=Tier.TRAINING_OF_TRAINERS).select_related("course", "country"))
    )
    rows = {c.pk: CascadeRow(cohort=c) for c in tot_cohorts}
    certifications = list(
        CertifiedTrainer.objects.filter(cohort_id__in=rows).select_related("person__staff_profile__province")
    )
    links = defaultdict(set)  # ToT course id -> provincial course ids it qualifies for
    for provincial_id, tot_id in CascadeLink.objects.values_list("provincial_course_id", "tot_course_id"):
        links[tot_id].add(provincial_id)
    through = Cohort.trainers.through
    deliveries = list(
        through.objects.filter(
            user_id__in={c.person_id for c in certifications}, cohort__kind=Tier.PROVINCIAL
        ).select_related("cohort__province")
    )
    session_ids = {d.cohort_id for d in deliveries}
    reached = defaultdict(list)  # session id -> [(province name, sex, disability, count)]
    counts = (
        Participation.objects.filter(cohort_id__in=session_ids, status=Status.REGISTERED)
        .values("cohort_id", "person__staff_profile__province_id", "person__staff_profile__sex")
        .annotate(
            total=Count("pk"),
            disabled=Count(
                "pk",
                filter=~Q(person__staff_profile__disability__in=["", "none"])
                & Q(person__staff_profile__disability__isnull=False),
            ),
        )
    )
    province_ids = set()
    for item in counts:
        reached[item["cohort_id"]].append(item)
        province_ids.add(item["person__staff_profile__province_id"])
    provinces = {p.pk: p for p in _provinces(province_ids)}
    sessions_by_trainer = defaultdict(list)
    for delivery in deliveries:
        sessions_by_trainer[delivery.user_id].append(delivery.cohort)
    for certification in certifications:
        row = rows[certification.cohort_id]
        allowed = links[row.cohort.course_id]
        sessions = sorted(
            (s for s in sessions_by_trainer[certification.person_id] if s.course_id in allowed),
            key=lambda s: (s.start_date, s.pk),
        )
        graduate = Graduate(certification=certification, sessions=sessions)
        for session in sessions:
            graduate.reached += sum(item["total"] for item in reached[session.pk])
            if session.pk in row.counted:
                continue
            row.counted.add(session.pk)
            for item in reached[session.pk]:
                row.reached += item["total"]
                province = provinces.get(item["person__staff_profile__province_id"])
                row.by_province[str(province) if province else "—"] += item["total"]
                row.by_sex[item["person__staff_profile__sex"] or ""] += item["total"]
                row.with_disability += item["disabled"]
        row.graduates.append(graduate)
    return list(rows.values())


def _provinces(ids):
    from people.models import Province

    return Province.objects.filter(pk__in=ids) if ids else []


def staff_for_assignment(user, cohort):
    """Staff an HR planner may place in this cohort: in their scope and in the cohort's country."""
    from people.permissions import staff_visible_to

    queryset = StaffProfile.objects.with_organisation().filter(country_id=cohort.country_id)
    return staff_visible_to(user, queryset).order_by("province__name", "user__last_name")
