"""Always a next step: progress counts every requirement, the course page says what is left, each
lesson leads on to the next step (quiz, post-test), "Continue" goes there, and a live course does
not complete while a session is still ahead."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import QuizRole
from cohorts.models import AttendanceRecord
from cohorts.services import record_attendance
from courses.completion import next_step, progress_of
from courses.models import Enrolment, LessonPage
from courses.selectors import LearnerOutline, course_tree, done_lesson_ids
from courses.services import complete_lesson, enrol

from ..assessments.helpers import make_category, make_question, make_quiz, take
from ..cohorts.factories import make_cohort, registered
from ..factories import lessons_of, make_course

pytestmark = pytest.mark.django_db


def _url(page, lang="en"):
    return f"/{lang}{page.url_path[len('/courses') :]}"


@pytest.fixture
def course_with_quizzes(db):
    """Two modules of two lessons; a pre-test, a required quiz after module 1, a required post-test."""
    course = make_course(modules=2, lessons=2)
    category = make_category(course)
    questions = [make_question(category) for _ in range(2)]
    module_1 = LessonPage.objects.descendant_of(course).first().get_parent().specific
    quizzes = {
        "pre": make_quiz(course, questions, title="Pre-test", role=QuizRole.PRE_TEST),
        "module": make_quiz(course, questions, title="Module 1 quiz", module=module_1, required_for_completion=True),
        "post": make_quiz(course, questions, title="Post-test", role=QuizRole.POST_TEST, required_for_completion=True),
    }
    return course, quizzes


def _progress(enrolment):
    enrolment.refresh_from_db()
    outline = LearnerOutline(course_tree(enrolment.course.path), done_lesson_ids(enrolment, enrolment.course.path))
    return outline, progress_of([enrolment], outlines={enrolment.pk: outline})[enrolment.pk]


def test_progress_counts_lessons_and_required_quizzes_and_is_not_100_after_the_last_lesson(
    course_with_quizzes, learner
):
    course, quizzes = course_with_quizzes
    enrolment = enrol(learner=learner, course=course)
    for lesson in lessons_of(course):
        if lesson.depth == course.depth + 2:
            complete_lesson(enrolment=enrolment, lesson=lesson)
    _outline, progress = _progress(enrolment)
    assert (progress.done, progress.total) == (4, 6)  # 4 lessons of 4, 0 of 2 required quizzes
    assert progress.percent == 67
    assert [r.key for r in progress.left] == ["quizzes"]
    assert enrolment.completed_at is None


def test_the_pre_test_is_offered_before_the_first_lesson_then_no_longer(course_with_quizzes, learner):
    course, quizzes = course_with_quizzes
    enrolment = enrol(learner=learner, course=course)
    outline, progress = _progress(enrolment)
    assert next_step(outline, progress).label == "Pre-test"
    complete_lesson(enrolment=enrolment, lesson=lessons_of(course)[1])  # begun without the pre-test
    outline, progress = _progress(enrolment)
    step = next_step(outline, progress)
    assert step.kind == "lesson"


def test_each_lesson_leads_to_the_next_step_through_module_quiz_and_post_test(client, course_with_quizzes, learner):
    course, quizzes = course_with_quizzes
    client.force_login(learner)
    enrolment = enrol(learner=learner, course=course)
    take(quizzes["pre"], learner, right=1)
    lessons = [lesson for lesson in lessons_of(course) if lesson.depth == course.depth + 2]
    response = client.post(_url(lessons[0]), {"action": "complete"})
    assert response.status_code == 302 and response["Location"].endswith(_url(lessons[1])[3:])
    response = client.post(_url(lessons[1]), {"action": "complete"})
    # the last lesson of module 1 leads to module 1's required quiz, not to module 2
    assert response["Location"] == reverse("assessments:quiz", args=[quizzes["module"].uuid])
    page = client.get(_url(lessons[1])).content.decode()
    assert reverse("assessments:quiz", args=[quizzes["module"].uuid]) in page
    for lesson in lessons[2:]:
        response = client.post(_url(lesson), {"action": "complete"})
    # the last lesson of the course leads on to the post-test; "Continue" still finds the skipped quiz
    assert response["Location"] == reverse("assessments:quiz", args=[quizzes["post"].uuid])
    response = client.get(reverse("courses:continue", args=[course.pk]))
    assert response["Location"] == reverse("assessments:quiz", args=[quizzes["module"].uuid])
    take(quizzes["module"], learner, right=2)
    response = client.get(reverse("courses:continue", args=[course.pk]))
    assert response["Location"] == reverse("assessments:quiz", args=[quizzes["post"].uuid])
    course_page = client.get(_url(course)).content.decode()
    assert 'data-testid="whats-left"' in course_page and "Post-test" in course_page
    assert 'data-testid="course-completed"' not in course_page
    take(quizzes["post"], learner, right=2)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    course_page = client.get(_url(course)).content.decode()
    assert 'data-testid="course-completed"' in course_page
    assert "certificate-section" in course_page  # the certificate (or "being prepared") beside it
    assert 'data-testid="whats-left"' not in course_page


def test_continue_on_my_learning_goes_to_the_next_step(client, course_with_quizzes, learner):
    course, quizzes = course_with_quizzes
    client.force_login(learner)
    enrol(learner=learner, course=course)
    page = client.get(reverse("courses:my_learning")).content.decode()
    continue_url = reverse("courses:continue", args=[course.pk])
    assert continue_url in page
    assert client.get(continue_url)["Location"] == reverse("assessments:quiz", args=[quizzes["pre"].uuid])


def test_continue_for_a_course_one_is_not_enrolled_in_is_404(client, course, learner):
    client.force_login(learner)
    assert client.get(reverse("courses:continue", args=[course.pk])).status_code == 404
    assert client.get(f"/en/learning/{2**70}/continue/").status_code == 404


def test_a_live_course_is_not_complete_before_its_last_meeting_has_ended(learner):
    cohort = make_cohort(tier="provincial", meetings=2, start_in=-timedelta(days=1), meeting_length=timedelta(hours=2))
    (participation,) = registered(cohort, 1)
    first, second = cohort.meetings.order_by("starts_at")
    assert second.ends_at > timezone.now()  # the second meeting is today, still ahead
    cohort.min_attendance_percent = 50
    cohort.save()
    record_attendance(meeting=first, statuses={participation.pk: AttendanceRecord.Status.PRESENT}, recorded_by=None)
    enrolment = Enrolment.objects.get(pk=participation.enrolment_id)
    assert enrolment.completed_at is None
    _outline, progress = _progress(enrolment)
    (attendance,) = [r for r in progress.requirements if r.key == "attendance"]
    assert attendance.done == attendance.total and attendance.pending and not attendance.met
    assert progress.percent < 100


def test_a_completed_webinar_shows_a_full_bar_on_my_learning(client, learner):
    cohort = make_cohort(tier="webinar", meetings=1, start_in=-timedelta(days=2))
    (participation,) = registered(cohort, 1)
    Enrolment.objects.filter(pk=participation.enrolment_id).update(completed_at=timezone.now())
    client.force_login(participation.person)
    page = client.get(reverse("courses:my_learning")).content.decode()
    assert 'value="100"' in page and 'value="0"' not in page
