"""Enrolment, lesson progress, "continue where I left off", and the completion rule."""

import pytest
from wagtail import hooks

from courses.completion import HOOK_NAME, Requirement
from courses.models import Enrolment, LessonProgress
from courses.selectors import LearnerOutline, course_tree, done_lesson_ids
from courses.services import complete_lesson, enrol, evaluate_completion
from courses.signals import course_completed

from ..factories import lessons_of, make_course, make_staff

pytestmark = pytest.mark.django_db


def _url(page, lang="en"):
    return f"/{lang}{page.url_path[len('/courses') :]}"


def test_enrol_twice_is_one_enrolment(logged_in, course, learner):
    for _ in range(2):
        response = logged_in.post(_url(course), {"action": "enrol"})
        assert response.status_code == 302
    assert Enrolment.objects.filter(learner=learner, course=course).count() == 1


def test_completing_a_lesson_moves_the_progress_bar(logged_in, course, learner):
    logged_in.post(_url(course), {"action": "enrol"})
    first = lessons_of(course)[0]
    page = logged_in.get(_url(course)).content.decode()
    assert 'value="0"' in page
    response = logged_in.post(_url(first), {"action": "complete"})
    assert response.status_code == 302
    assert LessonProgress.objects.filter(enrolment__learner=learner, lesson=first).count() == 1
    page = logged_in.get(_url(course)).content.decode()
    assert 'value="11"' in page  # 1 of 9 lessons


def test_completing_twice_keeps_one_record(logged_in, course, learner):
    logged_in.post(_url(course), {"action": "enrol"})
    first = lessons_of(course)[0]
    logged_in.post(_url(first), {"action": "complete"})
    logged_in.post(_url(first), {"action": "complete"})
    assert LessonProgress.objects.filter(lesson=first).count() == 1


def test_cannot_complete_a_lesson_without_enrolment(logged_in, course):
    lesson = lessons_of(course)[0]
    response = logged_in.post(_url(lesson, "km"), {"action": "complete"})
    assert response.status_code == 403
    assert "មិនទាន់ចុះឈ្មោះ" in response.content.decode()
    assert not LessonProgress.objects.exists()


@pytest.mark.parametrize(
    "payload", [{}, {"action": "delete-everything"}, {"action": "enrol"}, {"action": ["complete", "x"]}]
)
def test_tampered_lesson_form_is_refused_and_changes_nothing(logged_in, course, learner, payload):
    enrolment = enrol(learner=learner, course=course)
    response = logged_in.post(_url(lessons_of(course)[0]), payload)
    assert response.status_code == 400
    assert not LessonProgress.objects.filter(enrolment=enrolment).exists()


def test_unknown_page_and_language_are_404_not_500(logged_in, course):
    assert logged_in.get("/en/no-such-course/").status_code == 404
    assert logged_in.get(_url(course) + "no-such-module/").status_code == 404
    response = logged_in.get("/xx/")
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert logged_in.get(response["Location"]).status_code == 404


def test_lesson_of_an_unenrolled_course_redirects_to_enrol(logged_in, course):
    response = logged_in.get(_url(lessons_of(course)[0]))
    assert response.status_code == 302
    assert response["Location"].endswith(_url(course))


def test_anonymous_learner_is_sent_to_login(client, course):
    response = client.get(_url(lessons_of(course)[0]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_continue_goes_to_first_unfinished_lesson(logged_in, course, learner):
    enrolment = enrol(learner=learner, course=course)
    lessons = lessons_of(course)
    for lesson in (lessons[0], lessons[1], lessons[3]):
        complete_lesson(enrolment=enrolment, lesson=lesson)
    page = logged_in.get(_url(course)).content.decode()
    next_step = page.split('data-testid="next-step"')[1].split(">", 1)[0]
    assert f'href="{_url(lessons[2])}"' in next_step


def test_course_completes_once_and_emits_one_event(course, learner, django_capture_on_commit_callbacks):
    events = []

    def receiver(sender, enrolment, **kwargs):
        events.append(enrolment.pk)

    course_completed.connect(receiver)
    try:
        enrolment = enrol(learner=learner, course=course)
        with django_capture_on_commit_callbacks(execute=True):
            for lesson in lessons_of(course):
                complete_lesson(enrolment=enrolment, lesson=lesson)
        enrolment.refresh_from_db()
        assert enrolment.completed_at is not None
        first = enrolment.completed_at
        with django_capture_on_commit_callbacks(execute=True):
            evaluate_completion(enrolment=enrolment)
            complete_lesson(enrolment=enrolment, lesson=lessons_of(course)[0])
        enrolment.refresh_from_db()
        assert enrolment.completed_at == first
    finally:
        course_completed.disconnect(receiver)
    assert events == [enrolment.pk]


def test_other_apps_can_add_a_requirement(course, learner):
    passed = {"value": False}

    def quiz(enrolments):
        return {
            e.pk: Requirement(key="test-quiz", label="Pass the quiz", done=int(passed["value"]), total=1)
            for e in enrolments
        }

    with hooks.register_temporarily(HOOK_NAME, quiz):
        enrolment = enrol(learner=learner, course=course)
        for lesson in lessons_of(course):
            complete_lesson(enrolment=enrolment, lesson=lesson)
        enrolment.refresh_from_db()
        assert enrolment.completed_at is None
        passed["value"] = True
        evaluate_completion(enrolment=enrolment)
        enrolment.refresh_from_db()
        assert enrolment.completed_at is not None


def test_outline_is_in_order_with_progress(course, learner):
    enrolment = enrol(learner=learner, course=course)
    complete_lesson(enrolment=enrolment, lesson=lessons_of(course)[4])
    outline = LearnerOutline(course_tree(course.path), done_lesson_ids(enrolment, course.path))
    modules = [outline.module_progress(module.pk) for module, _lessons in outline.tree.modules]
    assert [m.page.title for m in modules] == ["Module 1", "Module 2", "Module 3"]
    assert [m.percent for m in modules] == [0, 33, 0]
    assert outline.done == 1 and outline.total == 9


def test_my_learning_groups_courses(logged_in, learner):
    started, done, fresh = make_course(modules=1, lessons=2), make_course(modules=1, lessons=1), make_course()
    e1 = enrol(learner=learner, course=started)
    complete_lesson(enrolment=e1, lesson=lessons_of(started)[0])
    e2 = enrol(learner=learner, course=done)
    complete_lesson(enrolment=e2, lesson=lessons_of(done)[0])
    enrol(learner=learner, course=fresh)
    html = logged_in.get("/en/learning/").content.decode()
    in_progress, rest = html.split("In progress", 1)[1].split("Not started", 1)
    not_started, completed = rest.split("Completed", 1)
    assert started.title in in_progress and fresh.title in not_started and done.title in completed


def test_learning_is_private_to_each_learner(client, course):
    someone = make_staff(username="someone")
    enrol(learner=someone, course=course)
    me = make_staff(username="me")
    client.force_login(me)
    assert course.title not in client.get("/en/learning/").content.decode()


def test_catalogue_shows_each_learners_own_status(logged_in, learner):
    started, untouched = make_course(modules=2, lessons=2), make_course(modules=1, lessons=3)
    enrolment = enrol(learner=learner, course=started)
    complete_lesson(enrolment=enrolment, lesson=lessons_of(started)[0])
    html = logged_in.get("/en/").content.decode()
    card = html.split(started.title, 1)[1].split("</li>", 1)[0]
    assert "In progress: 25%" in card and 'value="25"' in card and "1 of 4 lessons" in card
    other = html.split(untouched.title, 1)[1].split("</li>", 1)[0]
    assert not any(f"badge-{state}" in other for state in ("done", "progress", "enrolled")) and "<progress" not in other


def test_catalogue_filters_by_tier_and_language(client):
    self_paced = make_course(languages=("km", "en"))
    webinar = make_course(tier="webinar", languages=("lo",))
    html = client.get("/en/?tier=webinar").content.decode()
    assert webinar.title in html and self_paced.title not in html
    html = client.get("/en/?language=km").content.decode()
    assert self_paced.title in html and webinar.title not in html


@pytest.mark.parametrize("query", ["tier=nonsense", "language=xx", "tier=%00"])
def test_catalogue_refuses_unknown_filters_with_a_message(client, query):
    make_course()
    response = client.get(f"/km/?{query}")
    assert response.status_code == 400
    assert "form-errors" in response.content.decode()
