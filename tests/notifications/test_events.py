"""Each event tells the right person once, in their language, by e-mail only as they chose."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cohorts import services as cohorts
from courses.services import enrol
from notifications.models import Delivery, Kind, Notification, NotificationPreference
from tests.cohorts.factories import make_cohort, registered
from tests.factories import make_course, make_staff

from .helpers import notes

pytestmark = pytest.mark.django_db


def test_enrolling_tells_the_learner_once_in_their_language(django_capture_on_commit_callbacks, mailoutbox):
    course = make_course(modules=1, lessons=1)
    learner = make_staff(preferred_language="km", email="kh@example.org")
    other = make_staff(preferred_language="lo", email="lo@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        enrol(learner=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        enrol(learner=learner, course=course)  # twice: one enrolment, one notification
    [note] = notes(learner, Kind.ENROLLED)
    assert note.language == "km" and course.title_km in note.title and "ចុះឈ្មោះ" in note.title
    assert note.link.startswith("/km/")
    assert notes(other) == []
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["kh@example.org"]
    assert course.title_km in mailoutbox[0].subject
    html = mailoutbox[0].alternatives[0][0]
    assert 'lang="km"' in html and course.title_km in html  # plain text and HTML, in Khmer


def test_an_e_mail_choice_of_none_or_digest_sends_nothing_now(django_capture_on_commit_callbacks, mailoutbox):
    course = make_course(modules=1, lessons=1)
    quiet = make_staff(preferred_language="lo", email="quiet@example.org")
    digest = make_staff(preferred_language="lo", email="digest@example.org")
    NotificationPreference.objects.create(user=quiet, kind=Kind.ENROLLED, delivery=Delivery.NONE)
    NotificationPreference.objects.create(user=digest, kind=Kind.ENROLLED, delivery=Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        enrol(learner=quiet, course=course)
        enrol(learner=digest, course=course)
    assert len(notes(quiet)) == 1 and len(notes(digest)) == 1  # both still see it in the platform
    assert mailoutbox == []
    assert notes(digest)[0].delivery == Delivery.DIGEST and notes(digest)[0].emailed_at is None


def test_the_e_mail_task_run_twice_sends_once(django_capture_on_commit_callbacks, mailoutbox):
    from notifications.tasks import send_notification_email

    learner = make_staff(preferred_language="en", email="en@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        enrol(learner=learner, course=make_course(modules=1, lessons=1))
    [note] = notes(learner)
    send_notification_email.call(notification_id=note.pk)
    send_notification_email.call(notification_id=note.pk)
    assert len(mailoutbox) == 1
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_registration_waiting_list_approval_and_refusal(django_capture_on_commit_callbacks, mailoutbox):
    cohort = make_cohort(capacity=1)
    first = make_staff(preferred_language="km", email="first@example.org")
    second = make_staff(preferred_language="lo", email="second@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        one = cohorts.register(cohort=cohort, person=first)
        two = cohorts.register(cohort=cohort, person=second)
    assert [n.kind for n in notes(first)] == [Kind.REGISTERED]
    assert notes(second) == []  # on the waiting list: nothing confirmed yet
    with django_capture_on_commit_callbacks(execute=True):
        cohorts.withdraw(participation=one)
    [freed] = notes(second)
    assert freed.kind == Kind.PLACE_FREED and "ກຸ່ມ" in freed.title and freed.language == "lo"
    two.refresh_from_db()
    assert two.status == "registered"

    approval = make_cohort(enrolment_mode="approval", capacity=5)
    asking, refused = make_staff(preferred_language="km", email=""), make_staff(preferred_language="km", email="")
    with django_capture_on_commit_callbacks(execute=True):
        a = cohorts.register(cohort=approval, person=asking)
        r = cohorts.register(cohort=approval, person=refused)
    assert notes(asking) == [] and notes(refused) == []  # a request is not a confirmation
    with django_capture_on_commit_callbacks(execute=True):
        cohorts.approve(participation=a)
        cohorts.refuse(participation=r)
    assert [n.kind for n in notes(asking)] == [Kind.REQUEST_APPROVED]
    assert [n.kind for n in notes(refused)] == [Kind.REQUEST_REFUSED]
    r.refresh_from_db()
    assert r.status == "withdrawn"
    # Only the people with an e-mail address got one, each once.
    assert sorted(m.to[0] for m in mailoutbox) == ["first@example.org", "second@example.org"]


def test_a_refused_request_can_be_asked_again_and_refusing_twice_is_a_conflict(django_capture_on_commit_callbacks):
    from core.errors import Conflict

    cohort = make_cohort(enrolment_mode="approval")
    person = make_staff()
    participation = cohorts.register(cohort=cohort, person=person)
    cohorts.refuse(participation=participation)
    with pytest.raises(Conflict):
        cohorts.refuse(participation=participation)
    assert cohorts.register(cohort=cohort, person=person).status == "pending"


def test_meeting_reminders_go_through_notifications_once(django_capture_on_commit_callbacks, mailoutbox):
    cohort = make_cohort(start_in=timedelta(hours=3))
    people = registered(cohort, 2, preferred_language="km")
    NotificationPreference.objects.create(user=people[1].person, kind=Kind.MEETING_REMINDER, delivery=Delivery.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders")
        call_command("send_meeting_reminders")
    assert Notification.objects.filter(kind=Kind.MEETING_REMINDER).count() == 2
    assert len(mailoutbox) == 1  # the second person chose no e-mail for reminders
    note = notes(people[0].person, Kind.MEETING_REMINDER)[0]
    assert cohort.title_km in note.title and "UTC+7" in note.body


def test_a_failed_quiz_with_attempts_left_tells_the_learner(django_capture_on_commit_callbacks):
    from assessments.services import start_attempt, submit_attempt
    from tests.assessments.helpers import make_category, make_question, make_quiz

    course = make_course(modules=1, lessons=1)
    learner = make_staff(preferred_language="km")
    enrol(learner=learner, course=course)
    category = make_category(course)
    quiz = make_quiz(course, [make_question(category)], pass_mark=60, attempts_allowed=2)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = start_attempt(quiz=quiz, learner=learner)
        submit_attempt(attempt_uuid=attempt.uuid, learner=learner)  # nothing answered: failed
        submit_attempt(attempt_uuid=attempt.uuid, learner=learner)  # a second click
    [note] = notes(learner, Kind.QUIZ_FAILED)
    assert "1" in note.body and note.link == f"/km/quizzes/{quiz.uuid}/"
    with django_capture_on_commit_callbacks(execute=True):
        last = start_attempt(quiz=quiz, learner=learner)
        submit_attempt(attempt_uuid=last.uuid, learner=learner)
    assert len(notes(learner, Kind.QUIZ_FAILED)) == 1  # no attempt left: nothing to encourage


def test_course_completed_and_certificate_issued_then_revoked_with_the_reason(django_capture_on_commit_callbacks):
    from certificates import services as certificates
    from courses.services import complete_lesson
    from tests.factories import lessons_of

    course = make_course(modules=1, lessons=1)
    learner = make_staff(preferred_language="lo")
    enrolment = enrol(learner=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        complete_lesson(enrolment=enrolment, lesson=lessons_of(course)[0])
    assert [n.kind for n in notes(learner, Kind.COURSE_COMPLETED)] == [Kind.COURSE_COMPLETED]
    certificate = learner.certificates.first()
    if certificate is None:
        with django_capture_on_commit_callbacks(execute=True):
            certificate, _created = certificates.issue_certificate(enrolment=enrolment)
    assert len(notes(learner, Kind.CERTIFICATE_ISSUED)) == 1
    admin = make_staff(is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        certificates.revoke_certificate(certificate=certificate, by=admin, reason="Wrong person")
    [revoked] = notes(learner, Kind.CERTIFICATE_REVOKED)
    assert "Wrong person" in revoked.body and revoked.delivery == Delivery.NONE  # certificates e-mails it


def test_a_new_course_tells_staff_whose_position_needs_it(django_capture_on_commit_callbacks):
    from competencies.models import Competency, CompetencyArea, CourseCompetency, PositionRequirement, ProficiencyLevel
    from people.models import Position

    position = Position.objects.create(code="counsellor-x", name="Counsellor X")
    other_position = Position.objects.create(code="driver-x", name="Driver X")
    area = CompetencyArea.objects.create(code="A-X", name="Area")
    competency = Competency.objects.create(code="C-X", name="Interviewing", area=area)
    level = ProficiencyLevel.objects.create(rank=9, code="L-X", name="Level")
    PositionRequirement.objects.create(position=position, competency=competency, level=level)
    needs, does_not = make_staff(preferred_language="km"), make_staff(preferred_language="km")
    needs.staff_profile.position = position
    needs.staff_profile.save()
    does_not.staff_profile.position = other_position
    does_not.staff_profile.save()
    course = make_course(modules=1, lessons=1)
    course.first_published_at = course.last_published_at = timezone.now()
    CourseCompetency.objects.create(course=course, competency=competency, level=level)
    from wagtail.signals import page_published

    with django_capture_on_commit_callbacks(execute=True):
        page_published.send(sender=type(course), instance=course, revision=None)
        page_published.send(sender=type(course), instance=course, revision=None)  # published again
    assert len(notes(needs, Kind.NEW_COURSE)) == 1
    assert notes(does_not) == []
