"""Prepare `make bench`: a 200-lesson course, a quiz attempt, logins; print the pages to measure.

Run in a subprocess by benchmarks/run.py after `load_initial_data`. Prints one JSON object:
{"cookies": {username: session id}, "pages": [[name, path, username], ...]}. Safe to run twice.
"""

import json

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402

from courses.models import CatalogPage, CoursePage, LessonPage, ModulePage  # noqa: E402
from courses.selectors import course_lessons, course_tree  # noqa: E402
from courses.services import complete_lesson, get_or_create_enrolment  # noqa: E402
from people.models import User  # noqa: E402

BIG_SLUG = "bench-200-lessons"
SMALL_SLUG = "employment-counselling-youth"
BODY = [{"type": "paragraph", "value": "<p>" + "Ask open questions and listen. " * 20 + "</p>"}]


@transaction.atomic
def big_course():
    """20 modules of 10 lessons, titled and written in the three languages."""
    course = CoursePage.objects.filter(slug=BIG_SLUG).first()
    if course is not None:
        return course
    course = CoursePage(
        title="Benchmark course (200 lessons)",
        title_en="Benchmark course (200 lessons)",
        title_km="វគ្គសិក្សាសាកល្បង (២០០ មេរៀន)",
        title_lo="ຫຼັກສູດທົດສອບ (200 ບົດຮຽນ)",
        slug=BIG_SLUG,
        summary_en="A large course to measure pages that must not grow with it.",
        languages=["km", "lo", "en"],
    )
    CatalogPage.objects.first().add_child(instance=course)
    for m in range(1, 21):
        module = ModulePage(
            title=f"Module {m}", title_en=f"Module {m}", title_km=f"ម៉ូឌុល {m}", title_lo=f"ບົດ {m}", slug=f"module-{m}"
        )
        course.add_child(instance=module)
        for n in range(1, 11):
            module.add_child(
                instance=LessonPage(
                    title=f"Lesson {m}.{n}",
                    title_en=f"Lesson {m}.{n}",
                    title_km=f"មេរៀន {m}.{n}",
                    title_lo=f"ບົດຮຽນ {m}.{n}",
                    slug=f"lesson-{m}-{n}",
                    body_en=BODY,
                    body_km=BODY,
                    body_lo=BODY,
                )
            )
    return course


def cookie(username):
    # force_login: django-axes' backend refuses a login without a request (the test client's login has none).
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies["sessionid"].value


def main():
    translation.activate("km")
    learner = User.objects.get(username="learner.kh")
    small = CoursePage.objects.get(slug=SMALL_SLUG)
    big = big_course()
    pages = [("bare Django page (renders the user, 1 query)", "/bench/bare/", "learner.kh")]
    for label, course in (("9-lesson", small), ("200-lesson", big)):
        enrolment = get_or_create_enrolment(learner=learner, course=course)
        lessons = course_lessons(course)
        for lesson in lessons[: len(lessons) // 2]:
            complete_lesson(enrolment=enrolment, lesson=lesson)
        middle, done = lessons[len(lessons) // 2], lessons[len(lessons) // 2 - 1]
        module = ModulePage.objects.get(pk=course_tree(course.path).modules[-1][0].pk)
        pages += [
            (f"lesson, {label} course", f"/km{middle.url_path[len('/courses') :]}", "learner.kh"),
            (f"lesson done, {label} course", f"/km{done.url_path[len('/courses') :]}", "learner.kh"),
            (f"course page, {label}", f"/km{course.url_path[len('/courses') :]}", "learner.kh"),
            (f"module page, {label}", f"/km{module.url_path[len('/courses') :]}", "learner.kh"),
        ]
    pages += [("my learning", "/km/learning/", "learner.kh"), ("catalogue", "/km/", "learner.kh")]
    pages += optional_pages(learner)
    cookies = {
        "learner.kh": cookie("learner.kh"),
        "trainer.kh": cookie("trainer.kh"),
    }
    print(json.dumps({"cookies": cookies, "pages": pages}))


def optional_pages(learner):
    """The quiz question page and the attendance sheet, when the demo holds a quiz and a meeting."""
    pages = []
    try:
        from assessments.models import Quiz
        from assessments.services import start_attempt

        quiz = Quiz.objects.filter(live=True, course__slug=SMALL_SLUG).order_by("pk").first()
        if quiz is not None:
            attempt = start_attempt(quiz=quiz, learner=learner)
            pages.append(("quiz question page", f"/km/quizzes/attempts/{attempt.uuid}/?q=1", "learner.kh"))
    except Exception as error:  # the benchmark still measures the course pages
        print(f"# no quiz page: {error!r}", flush=True)
    try:
        from cohorts.models import Meeting

        meeting = (
            Meeting.objects.filter(cohort__trainers__username="trainer.kh")
            .select_related("cohort")
            .order_by("pk")
            .first()
        )
        if meeting is not None:
            path = f"/km/cohorts/{meeting.cohort.public_id}/meetings/{meeting.pk}/attendance/"
            pages.append(("attendance sheet (trainer)", path, "trainer.kh"))
    except Exception as error:
        print(f"# no attendance sheet: {error!r}", flush=True)
    return pages


if __name__ == "__main__":
    main()
