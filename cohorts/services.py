"""Writes on cohorts: registration and the waiting list, trainers, attendance, check-in, certification.

Every write that can race for a place locks the cohort row first (select_for_update), so the
capacity is never exceeded and the waiting list moves up in order, one request at a time.
Refusals are core's application errors (rendered by one middleware); every write runs in one
transaction, so a refusal leaves nothing half-saved.

Attendance is recorded only for meetings that have started. A status recorded by hand or by
check-in is never overwritten by "all present" or by an import unless the trainer chose to.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache import bump_person
from core.errors import Conflict, Forbidden, InvalidInput
from courses.models import Tier
from courses.services import evaluate_completion, get_or_create_enrolment
from people.models import Role
from people.permissions import is_administrator
from people.services import grant_role

from .models import AttendanceRecord, CascadeLink, CertifiedTrainer, Cohort, Meeting, Participation, new_checkin_code
from .signals import attendance_fell_below, participation_changed

Status = Participation.Status
Source = AttendanceRecord.Source
# A participant who checks in this long after the start is recorded as late.
LATE_AFTER = timezone.timedelta(minutes=15)


# Registration and the waiting list ------------------------------------------------------------


def _lock(cohort):
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


def _announce(participation, change):
    """Tell higher apps (notifications) once the change is committed; a rollback tells no one."""
    transaction.on_commit(
        lambda: participation_changed.send(sender=Participation, participation=participation, change=change)
    )


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
        _announce(participation, "promoted")
        promoted.append(participation)
        taken += 1
    for position, participation in enumerate(waiting, start=1):
        participation.waiting_position = position
    Participation.objects.bulk_update(waiting, ["waiting_position"])
    for participation in waiting:  # bulk_update sends no signal
        bump_person(participation.person_id)
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
        _announce(participation, "pending")
        return participation
    participation = _place(cohort, participation)
    _announce(participation, "registered" if participation.status == Status.REGISTERED else "waiting")
    return participation


def register(*, cohort, person):
    """A person registers themself. Registering twice returns the same participation."""
    if cohort.enrolment_mode == Cohort.EnrolmentMode.ASSIGNED:
        raise Forbidden(_("Places in this cohort are assigned by HR."))
    if cohort.is_over:
        raise Conflict(_("This cohort has ended."))
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
            raise Conflict(_("This request has already been handled."))
        participation = _place(cohort, participation)
        _announce(participation, "approved")
        return participation


def refuse(*, participation):
    """Turn down a request to join (the person may ask again later)."""
    with transaction.atomic():
        _lock(participation.cohort)
        participation = Participation.objects.select_related("person", "cohort").get(pk=participation.pk)
        if participation.status != Status.PENDING:
            raise Conflict(_("This request has already been handled."))
        participation.status = Status.WITHDRAWN
        participation.save()
        _announce(participation, "refused")
        return participation


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
            raise Conflict(_("More people are already registered than this capacity."))
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
        raise InvalidInput(_("Not a certified trainer for this course: %(names)s") % {"names": names})
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


def _require_started(meeting, at=None):
    if not meeting.has_started(at):
        raise Conflict(_("This meeting has not started yet: attendance can be recorded once it has begun."))


def record_attendance(*, meeting, statuses, recorded_by=None, source=Source.ROSTER, at=None):
    """Save attendance for many participants of one meeting at once: all of it or none of it.

    `statuses` maps participation ids to an AttendanceRecord.Status value. Refused (nothing saved)
    for a meeting that has not started.
    """
    valid = set(AttendanceRecord.Status.values)
    if any(status not in valid for status in statuses.values()):
        raise InvalidInput(_("Choose present, late, excused or absent."))
    _require_started(meeting, at)
    return _save_statuses(meeting=meeting, statuses=statuses, recorded_by=recorded_by, source=source)


def _lock_meeting(meeting):
    """Attendance writes on one meeting (sheet, all present, import, check-in) run one at a time."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True).first()


def _save_statuses(*, meeting, statuses, recorded_by, source):
    with transaction.atomic():
        _lock_meeting(meeting)
        participations = {
            p.pk: p
            for p in Participation.objects.filter(
                cohort_id=meeting.cohort_id, status=Status.REGISTERED, pk__in=list(statuses)
            ).select_related("enrolment__course")
        }
        if len(participations) != len(statuses):
            raise InvalidInput(_("Some people are not registered in this cohort."))
        existing = {
            r.participation_id: r
            for r in AttendanceRecord.objects.select_for_update().filter(meeting=meeting, participation_id__in=statuses)
        }
        new, changed, lowered = [], [], set()
        for pk, status in statuses.items():
            record = existing.get(pk)
            if record is None:
                new.append(
                    AttendanceRecord(
                        meeting=meeting, participation_id=pk, status=status, source=source, recorded_by=recorded_by
                    )
                )
            elif record.status != status:
                if record.status in AttendanceRecord.ATTENDED and status not in AttendanceRecord.ATTENDED:
                    lowered.add(pk)
                record.status, record.source, record.recorded_by = status, source, recorded_by
                changed.append(record)
        AttendanceRecord.objects.bulk_create(new)
        AttendanceRecord.objects.bulk_update(changed, ["status", "source", "recorded_by", "recorded_at"])
        _after_attendance_changed([participations[pk] for pk in statuses], lowered=lowered)
    return len(new) + len(changed)


def _after_attendance_changed(participations, *, lowered=()):
    """Apply the completion rule; a completed course whose attendance fell below the rule is announced."""
    from .completion import attendance_met

    for participation in participations:
        bump_person(participation.person_id)  # the records were written in bulk: no signal
        enrolment = participation.enrolment
        if enrolment is None:
            continue
        was_completed = enrolment.completed_at is not None
        evaluate_completion(enrolment=enrolment)
        if was_completed and participation.pk in lowered:
            requirement = attendance_met([enrolment]).get(enrolment.pk)
            if requirement is not None and requirement.done < requirement.total:
                transaction.on_commit(
                    lambda enrolment=enrolment: attendance_fell_below.send(sender=Participation, enrolment=enrolment)
                )


def mark_unmarked_present(*, meeting, recorded_by=None, at=None):
    """ "All present": mark present everyone registered who has no status at this meeting yet.

    Statuses already recorded (by hand, by check-in, by an import) are left as they are; a check-in
    arriving at the same moment waits for the meeting's row lock, so neither overwrites the other.
    """
    _require_started(meeting, at)
    with transaction.atomic():
        _lock_meeting(meeting)
        marked = AttendanceRecord.objects.filter(meeting=meeting).values("participation_id")
        unmarked = list(
            Participation.objects.filter(cohort_id=meeting.cohort_id, status=Status.REGISTERED)
            .exclude(pk__in=marked)
            .select_related("enrolment__course")
        )
        AttendanceRecord.objects.bulk_create(
            [
                AttendanceRecord(
                    meeting=meeting,
                    participation=p,
                    status=AttendanceRecord.Status.PRESENT,
                    source=Source.ROSTER,
                    recorded_by=recorded_by,
                )
                for p in unmarked
            ],
            ignore_conflicts=True,
        )
        _after_attendance_changed(unmarked)
    return len(unmarked)


def import_attendance(*, meeting, preview, overwrite=(), recorded_by=None, at=None):
    """Save an imported call report as previewed: statuses recorded by hand or by check-in are kept
    unless their participation id is in `overwrite` (the trainer chose it on the preview)."""
    _require_started(meeting, at)
    statuses = preview.statuses(overwrite=set(overwrite))
    if not statuses:
        return 0
    return _save_statuses(meeting=meeting, statuses=statuses, recorded_by=recorded_by, source=Source.IMPORT)


def open_meeting_for(*, person, code, at=None):
    """The meeting whose check-in code this is, open now, with the person's registration; else InvalidInput.

    A wrong code, someone else's cohort and a code outside its window get the same answer, so the
    page never tells which codes exist.
    """
    at = at or timezone.now()
    code = "".join(code.split()).upper()
    meeting = Meeting.objects.select_related("cohort__country").filter(checkin_code=code).first()
    participation = None
    if meeting is not None and meeting.checkin_open(at):
        participation = Participation.objects.filter(
            cohort_id=meeting.cohort_id, person=person, status=Status.REGISTERED
        ).first()
    if participation is None:
        raise InvalidInput(_("This code is not valid now. Check the code and the meeting time with your trainer."))
    return meeting, participation


def check_in(*, person, code, at=None):
    """A participant checks in with the code the trainer shows, in the window around the start."""
    at = at or timezone.now()
    meeting, participation = open_meeting_for(person=person, code=code, at=at)
    status = AttendanceRecord.Status.LATE if at > meeting.starts_at + LATE_AFTER else AttendanceRecord.Status.PRESENT
    with transaction.atomic():
        _lock_meeting(meeting)
        existing = AttendanceRecord.objects.filter(meeting=meeting, participation=participation).first()
        if existing is not None and existing.status != AttendanceRecord.Status.ABSENT:
            return meeting, existing
        _save_statuses(meeting=meeting, statuses={participation.pk: status}, recorded_by=person, source=Source.CHECKIN)
    return meeting, AttendanceRecord.objects.get(meeting=meeting, participation=participation)


def regenerate_checkin_code(*, meeting):
    """Give a meeting a new check-in code (the old one stops working at once)."""
    for _attempt in range(5):
        code = new_checkin_code()
        try:
            with transaction.atomic():
                Meeting.objects.filter(pk=meeting.pk).update(checkin_code=code)
        except IntegrityError:
            continue  # the same code was drawn for another meeting: draw again
        meeting.checkin_code = code
        return meeting
    raise Conflict(_("No new code could be made. Try again."))
