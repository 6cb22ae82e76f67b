"""Reads shared by the cohort pages; each runs a fixed number of queries whatever the size."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from assessments.selectors import CourseResults, LearnerResults, course_results
from core.permissions import visible_to
from courses.models import Tier
from people.models import Role, StaffProfile
from people.permissions import scope_for

from .completion import required_meetings
from .models import AttendanceRecord, CascadeLink, CertifiedTrainer, Cohort, Meeting, Participation
from .policies import held_in

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
    """A cohort with its course, country, trainers and meetings (four queries), or None."""
    return (
        with_counts(Cohort.objects.select_related("course", "country", "province"))
        .prefetch_related(
            Prefetch("trainers", queryset=_people()),
            Prefetch("meetings", queryset=Meeting.objects.order_by("starts_at", "pk")),
        )
        .filter(public_id=public_id)
        .first()
    )


def cohort_for_sheet(public_id):
    """A cohort with its country, province and meetings (two queries), or None.

    For the trainer's attendance pages, which show neither the course nor the places taken:
    reading the course page (every translated column) and counting places cost more than the rest.
    """
    return (
        Cohort.objects.select_related("country", "province")
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.order_by("starts_at", "pk")))
        .filter(public_id=public_id)
        .first()
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
    below_rule: bool = False  # completed earlier, but attendance has since fallen below the cohort's rule

    @property
    def completed(self):
        enrolment = self.participation.enrolment
        return bool(enrolment and enrolment.completed_at) and not self.below_rule


@dataclass
class Roster:
    meetings: list
    rows: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    results: CourseResults = field(default_factory=CourseResults)
    averages: dict = field(default_factory=dict)
    hidden: int = 0  # participants outside an HR viewer's scope: counted, not named


def roster(cohort, *, viewer=None):
    """Participants with their attendance at every meeting and their quiz results: five queries for any size.

    With a `viewer` who may not see every participant (an HR planner, for people outside their
    scope), only the participations visible to them are listed and the others counted (one query more).
    """
    meetings = list(cohort.meetings.all())
    for meeting in meetings:
        meeting.cohort = cohort
    everyone = Participation.objects.filter(cohort=cohort).exclude(status=Status.WITHDRAWN)
    listed = everyone
    if viewer is not None:
        listed = visible_to(viewer, "cohorts.view_participation", everyone)
    participations = list(
        listed.select_related("person__staff_profile__province", "enrolment").order_by(
            "status", "waiting_position", "person__last_name", "person__username"
        )
    )
    records = defaultdict(dict)
    for record in AttendanceRecord.objects.filter(meeting__cohort=cohort):
        records[record.participation_id][record.meeting_id] = record
    result = Roster(meetings=meetings)
    needed = max(1, required_meetings(len(meetings), cohort.min_attendance_percent))
    for participation in participations:
        if participation.status == Status.WAITING:
            result.waiting.append(participation)
        elif participation.status == Status.PENDING:
            result.pending.append(participation)
        else:
            mine = records.get(participation.pk, {})
            row = RosterRow(participation, [mine.get(m.pk) for m in meetings])
            row.attended = sum(1 for r in row.records if r and r.status in AttendanceRecord.ATTENDED)
            completed = participation.enrolment is not None and participation.enrolment.completed_at is not None
            row.below_rule = completed and row.attended < needed
            result.rows.append(row)
    if viewer is not None:
        result.hidden = everyone.count() - len(participations)
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
    result.averages["completed"] = sum(1 for row in result.rows if row.completed)


def meeting_sheet(meeting):
    """The registered participants of a meeting's cohort, each with their status at this meeting."""
    participations = list(
        Participation.objects.filter(cohort_id=meeting.cohort_id, status=Status.REGISTERED)
        .select_related("person__staff_profile")
        .order_by("person__last_name", "person__username")
    )
    records = {r.participation_id: r for r in AttendanceRecord.objects.filter(meeting=meeting)}
    return [(p, records.get(p.pk)) for p in participations]


def fill_rates(user, *, province=None):
    """Upcoming cohorts held in the HR planner's scope with places taken; one query."""
    cohorts = visible_to(
        user, "cohorts.view_fill_rates", Cohort.objects.upcoming().select_related("course", "country", "province")
    )
    if province is not None:
        cohorts = cohorts.filter(province=province)
    return list(with_counts(cohorts).order_by("start_date", "pk"))


def provinces_in_scope(user):
    """The provinces an HR planner's filters offer: those of their scope only."""
    from people.models import Province

    scope = scope_for(user, Role.HR_PLANNER)
    provinces = Province.objects.select_related("country").order_by("country__code", "name")
    if scope.everywhere:
        return provinces
    return provinces.filter(Q(pk__in=[]) | Q(country_id__in=scope.country_ids) | Q(pk__in=scope.province_ids))


@dataclass
class Graduate:
    certification: CertifiedTrainer
    sessions: list = field(default_factory=list)
    reached: int = 0


@dataclass
class CascadeRow:
    cohort: Cohort
    graduates: list = field(default_factory=list)  # graduates within the viewer's scope, named
    graduates_outside: int = 0  # graduates from outside the viewer's scope: counted, never named
    by_province: Counter = field(default_factory=Counter)
    by_sex: Counter = field(default_factory=Counter)
    with_disability: int = 0
    reached: int = 0
    counted: set = field(default_factory=set)  # sessions already counted (co-trained sessions once)

    @property
    def graduate_count(self):
        return len(self.graduates) + self.graduates_outside

    @property
    def province_counts(self):
        return sorted(self.by_province.items())


def cascade_report(user):
    """For each ToT cohort in the viewer's scope: graduates, the provincial sessions they delivered, the people reached.

    What cross-border training shows (finding 10): a ToT held in the viewer's scope is listed with
    the number of its graduates. A graduate is named only when their staff profile is in the
    viewer's scope; the others are counted, never named. Only provincial sessions held in the
    viewer's scope are listed and counted, and people reached are counted by province only for
    provinces in the scope (anyone else falls under "outside your area"). A Cambodian planner thus
    sees a Lao graduate of a Cambodian ToT as "1 graduate from outside your area", and nothing of
    the sessions that graduate ran in Laos. Administrators see everything.

    Five queries whatever the number of cohorts, graduates and participants.
    """
    scope = scope_for(user, Role.HR_PLANNER)
    tot_cohorts = list(
        visible_to(
            user,
            "cohorts.view_cascade",
            Cohort.objects.filter(kind=Tier.TRAINING_OF_TRAINERS).select_related("course", "country"),
        )
    )
    rows = {c.pk: CascadeRow(cohort=c) for c in tot_cohorts}
    certifications = list(
        CertifiedTrainer.objects.filter(cohort_id__in=rows).select_related("person__staff_profile__province")
    )
    links = defaultdict(set)  # ToT course id -> provincial course ids it qualifies for
    for provincial_id, tot_id in CascadeLink.objects.values_list("provincial_course_id", "tot_course_id"):
        links[tot_id].add(provincial_id)
    through = Cohort.trainers.through
    deliveries = [
        delivery
        for delivery in through.objects.filter(
            user_id__in={c.person_id for c in certifications}, cohort__kind=Tier.PROVINCIAL
        ).select_related("cohort__province")
        if held_in(scope, delivery.cohort)
    ]
    session_ids = {d.cohort_id for d in deliveries}
    reached = defaultdict(list)  # session id -> [(province id, sex, disability, count)]
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
    outside = _("Outside your area")
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
                if province is None:
                    label = "—"
                elif scope.covers(country_id=province.country_id, province_id=province.pk):
                    label = str(province)
                else:
                    label = outside
                row.by_province[label] += item["total"]
                row.by_sex[item["person__staff_profile__sex"] or ""] += item["total"]
                row.with_disability += item["disabled"]
        if _person_in(scope, certification.person):
            row.graduates.append(graduate)
        else:
            row.graduates_outside += 1
    return list(rows.values())


def _person_in(scope, person):
    profile = getattr(person, "staff_profile", None)
    if scope.everywhere:
        return True
    return profile is not None and scope.covers(country_id=profile.country_id, province_id=profile.province_id)


def _provinces(ids):
    from people.models import Province

    return Province.objects.filter(pk__in=ids) if ids else []


def staff_for_assignment(user, cohort):
    """Staff an HR planner may place in this cohort: in their scope and in the cohort's country."""
    from core.permissions import visible_to

    queryset = StaffProfile.objects.with_organisation().filter(country_id=cohort.country_id)
    return visible_to(user, "people.view_staff", queryset).order_by("province__name", "user__last_name")
