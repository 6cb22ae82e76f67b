"""Writes on cohorts: registration and the waiting list, trainers, attendance, check-in, certification.

Every write that can race for a place locks the cohort row first (select_for_update), so the
capacity is never exceeded and the waiting list moves up in order, one request at a time.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Tier
from courses.services import evaluate_completion, get_or_create_enrolment
from people.models import Role
from people.permissions import is_administrator
from people.services import grant_role

from .models import AttendanceRecord, CascadeLink, CertifiedTrainer, Cohort, Meeting, Participation

Status = Participation.Status
# A participant who checks in this long after the start is recorded as late.
LATE_AFTER = timezone.timedelta(minutes=15)


class CohortError(Exception):
    """Someone asked for something the rules do not allow; the message is for them."""

    def __init__(self, message, *, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


# Registration and the waiting list ------------------------------------------------------------


def _lock(cohort):
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


def _place(cohort, participation):
    """Register the participant if there is room, else put them at the end of the waiting list."""
    taken = Participation.objects.filter(cohort=cohort, status=Status.REGISTERED).exclude(pk=participation.pk).count()
    if taken < cohort.capacity:
        participation.status = Status.REGISTERED
        participation.waiting_position = None
        participation.enrolment = get_or_create_enrolment(learner=participation.person, course=cohort.course)
    else:
        last = Participation.objects.filter(cohort=cohort, status=Status.WAITING).aggregate(m=Max("waiting_position"))
        participation.status = Status.WAITING
        participation.waiting_position = (last["m"] or 0) + 1
    participation.save()
    return participation


def _promote_waiting(cohort):
    """Fill free places from the head of the waiting list, then renumber the rest 1, 2, 3…"""
    taken = Participation.objects.filter(cohort=cohort, status=Status.REGISTERED).count()
    waiting = list(
        Participation.objects.filter(cohort=cohort, status=Status.WAITING)
        .select_related("person")
        .order_by("waiting_position", "pk")
    )
    promoted = []
    while waiting and taken < cohort.capacity:
        participation = waiting.pop(0)
        participation.status = Status.REGISTERED
        participation.waiting_position = None
        participation.enrolment = get_or_create_enrolment(learner=participation.person, course=cohort.course)
        participation.save()
        promoted.append(participation)
        taken += 1
    for position, participation in enumerate(waiting, start=1):
        participation.waiting_position = position
    Participation.objects.bulk_update(waiting, ["waiting_position"])
    return promoted


def _join(cohort, person, *, pending, assigned_by=None):
    participation = Participation.objects.filter(cohort=cohort, person=person).first()
    if participation is not None and participation.status != Status.WITHDRAWN:
        return participation
    if participation is None:
        participation = Participation(cohort=cohort, person=person)
    participation.assigned_by = assigned_by
    if pending:
        participation.status = Status.PENDING
        participation.waiting_position = None
        participation.save()
        return participation
    return _place(cohort, participation)


def register(*, cohort, person):
    """A person registers themself. Registering twice returns the same participation."""
    if cohort.enrolment_mode == Cohort.EnrolmentMode.ASSIGNED:
        raise CohortError(_("Places in this cohort are assigned by HR."), status=403)
    if cohort.is_over:
        raise CohortError(_("This cohort has ended."))
    with transaction.atomic():
        cohort = _lock(cohort)
        return _join(cohort, person, pending=cohort.enrolment_mode == Cohort.EnrolmentMode.APPROVAL)


def assign(*, cohort, people, assigned_by):
    """HR places staff in a cohort (registered while there is room, then on the waiting list)."""
    with transaction.atomic():
        cohort = _lock(cohort)
        return [_join(cohort, person, pending=False, assigned_by=assigned_by) for person in people]


def approve(*, participation):
    with transaction.atomic():
        cohort = _lock(participation.cohort)
        participation = Participation.objects.select_related("person").get(pk=participation.pk)
        if participation.status != Status.PENDING:
            raise CohortError(_("This request has already been handled."))
        return _place(cohort, participation)


def withdraw(*, participation):
    """Leave a cohort; a freed place goes to the first person on the waiting list."""
    with transaction.atomic():
        cohort = _lock(participation.cohort)
        participation = Participation.objects.get(pk=participation.pk)
        was = participation.status
        participation.status = Status.WITHDRAWN
        participation.waiting_position = None
        participation.save()
        if was in (Status.REGISTERED, Status.WAITING):
            _promote_waiting(cohort)
        return participation


def change_capacity(*, cohort, capacity):
    with transaction.atomic():
        cohort = _lock(cohort)
        taken = Participation.objects.filter(cohort=cohort, status=Status.REGISTERED).count()
        if capacity < taken:
            raise CohortError(_("More people are already registered than this capacity."))
        cohort.capacity = capacity
        cohort.save(update_fields=["capacity"])
        _promote_waiting(cohort)
        return cohort


def fill_free_places(*, cohort):
    """After the capacity was raised elsewhere (the admin form), move the waiting list up."""
    with transaction.atomic():
        return _promote_waiting(_lock(cohort))


# Trainers and the cascade ----------------------------------------------------------------------


def qualifying_course_ids(course):
    """Certification in any of these courses qualifies a person to train a cohort of `course`."""
    ids = {course.pk}
    ids.update(CascadeLink.objects.filter(provincial_course=course).values_list("tot_course_id", flat=True))
    return ids


def unqualified_trainers(*, course, trainers):
    """The people among `trainers` who may not train a cohort of `course` (empty unless provincial)."""
    if course.tier != Tier.PROVINCIAL:
        return []
    certified = set(
        CertifiedTrainer.objects.filter(
            course_id__in=qualifying_course_ids(course), person__in=[t.pk for t in trainers]
        ).values_list("person_id", flat=True)
    )
    return [t for t in trainers if t.pk not in certified and not is_administrator(t)]


def set_trainers(*, cohort, trainers):
    """Only certified trainers (or administrators) may train a provincial session of a course."""
    trainers = list(trainers)
    refused = unqualified_trainers(course=cohort.course, trainers=trainers)
    if refused:
        names = ", ".join(t.display_name for t in refused)
        raise CohortError(_("Not a certified trainer for this course: %(names)s") % {"names": names})
    with transaction.atomic():
        cohort.trainers.set(trainers)
        for trainer in trainers:
            grant_role(user=trainer, role=Role.TRAINER)
    cohort._trainer_ids = frozenset(t.pk for t in trainers)
    return cohort


def certify_graduate(*, enrolment):
    """Completing a ToT cohort makes the person a certified trainer for its course."""
    if enrolment.course.tier != Tier.TRAINING_OF_TRAINERS:
        return None
    participation = (
        Participation.objects.filter(
            person_id=enrolment.learner_id, cohort__course_id=enrolment.course_id, status=Status.REGISTERED
        )
        .order_by("-cohort__end_date")
        .first()
    )
    if participation is None:
        return None
    certification, _created = CertifiedTrainer.objects.get_or_create(
        person_id=enrolment.learner_id, course_id=enrolment.course_id, defaults={"cohort_id": participation.cohort_id}
    )
    grant_role(user=enrolment.learner, role=Role.TRAINER)
    return certification


# Attendance -------------------------------------------------------------------------------------


def record_attendance(*, meeting, statuses, recorded_by=None, source=AttendanceRecord.Source.ROSTER):
    """Save attendance for many participants of one meeting at once: all of it or none of it.

    `statuses` maps participation ids to an AttendanceRecord.Status value.
    """
    valid = set(AttendanceRecord.Status.values)
    if any(status not in valid for status in statuses.values()):
        raise CohortError(_("Choose present, late, excused or absent."))
    with transaction.atomic():
        participations = {
            p.pk: p
            for p in Participation.objects.filter(
                cohort_id=meeting.cohort_id, status=Status.REGISTERED, pk__in=list(statuses)
            ).select_related("enrolment__course")
        }
        if len(participations) != len(statuses):
            raise CohortError(_("Some people are not registered in this cohort."))
        existing = {r.participation_id: r for r in AttendanceRecord.objects.filter(meeting=meeting)}
        new, changed = [], []
        for pk, status in statuses.items():
            record = existing.get(pk)
            if record is None:
                new.append(
                    AttendanceRecord(
                        meeting=meeting, participation_id=pk, status=status, source=source, recorded_by=recorded_by
                    )
                )
            elif record.status != status:
                record.status, record.source, record.recorded_by = status, source, recorded_by
                changed.append(record)
        AttendanceRecord.objects.bulk_create(new)
        AttendanceRecord.objects.bulk_update(changed, ["status", "source", "recorded_by", "recorded_at"])
        for participation in participations.values():
            if participation.enrolment is not None:
                evaluate_completion(enrolment=participation.enrolment)
    return len(new) + len(changed)


def check_in(*, person, code, at=None):
    """A participant checks in with the code the trainer shows; valid only during the meeting."""
    at = at or timezone.now()
    code = "".join(code.split()).upper()
    meeting = Meeting.objects.select_related("cohort__country").filter(checkin_code=code).first()
    participation = None
    if meeting is not None:
        participation = Participation.objects.filter(
            cohort_id=meeting.cohort_id, person=person, status=Status.REGISTERED
        ).first()
    if participation is None:
        raise CohortError(_("This code is not valid. Check it and try again."))
    if not meeting.checkin_open(at):
        raise CohortError(_("This code can only be used during its meeting."))
    status = AttendanceRecord.Status.LATE if at > meeting.starts_at + LATE_AFTER else AttendanceRecord.Status.PRESENT
    existing = AttendanceRecord.objects.filter(meeting=meeting, participation=participation).first()
    if existing is not None and existing.status != AttendanceRecord.Status.ABSENT:
        return meeting, existing
    record_attendance(
        meeting=meeting, statuses={participation.pk: status}, recorded_by=person, source=AttendanceRecord.Source.CHECKIN
    )
    return meeting, AttendanceRecord.objects.get(meeting=meeting, participation=participation)
