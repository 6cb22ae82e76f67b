"""HR dashboard at scale: response time and query count with 2,000 then 20,000 staff (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/elearning_competencies \\
        .venv/bin/python -m benchmarks.competencies_bench

Uses its own database (the DATABASE_URL name + "_bench", dropped and re-created), migrates it,
creates 60 courses of 10 lessons through Wagtail, then seeds staff, enrolments, lesson progress and
competency records with INSERT ... SELECT generate_series (seconds, not hours). It measures each HR
page in-process with Django's test client (median of several requests, after a warm-up) at two
sizes: 2,000 staff / 100,000 progress records, then 20,000 staff / 1,000,000. Not a test: it prints.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
COURSES = 60
LESSONS = 10
COURSES_PER_PERSON = 5  # 20,000 staff x 5 enrolments x 10 lessons = 1,000,000 progress records
SIZES = (2_000, 20_000)
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
PAGES = [
    ("dashboard", "/en/hr/"),
    ("dashboard, women, last year", "/en/hr/?sex=female&date_from={year_ago}"),
    ("gaps by province", "/en/hr/gaps/"),
    ("gaps by office", "/en/hr/gaps/?by=office"),
    ("people trained (page 1)", "/en/hr/people/?metric=trained"),
    ("export summary.xlsx", "/en/hr/export/summary.xlsx"),
]


def bench_database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the benchmark uses <name>_bench next to it).")
    parts = urlparse(url)
    name = (parts.path.lstrip("/") or "elearning") + "_bench"
    return urlunparse(parts._replace(path=f"/{name}")), parts, name


def recreate_database(parts, name):
    import psycopg2

    admin = psycopg2.connect(urlunparse(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def create_framework_and_courses():
    """The demo framework, 60 courses through Wagtail (pages need its tree), each granting a competency."""
    from competencies.demo import load_framework
    from competencies.models import CourseCompetency, PositionRequirement
    from courses.models import CatalogPage, CoursePage, LessonPage, ModulePage
    from people.models import Office, Position, Province

    competencies, levels = load_framework()
    for code, wanted in {"counsellor": 2, "chief": 2, "trainer": 3}.items():
        position, _c = Position.objects.get_or_create(code=code, defaults={"name": code.title()})
        for index, competency in enumerate(competencies.values()):
            PositionRequirement.objects.get_or_create(
                position=position, competency=competency, defaults={"level": levels[1 + (index + wanted) % 2]}
            )
    for province in Province.objects.all():
        Office.objects.get_or_create(
            code=f"{province.code}-JC", defaults={"province": province, "name": f"{province.name} JC"}
        )
    catalog = CatalogPage.objects.first()
    competency_list = list(competencies.values())
    for number in range(COURSES):
        tier = ("self_paced", "self_paced", "tot", "provincial", "webinar")[number % 5]
        course = CoursePage(
            title=f"Bench course {number}", slug=f"bench-{number}", tier=tier, duration_hours=2 + number % 5
        )
        catalog.add_child(instance=course)
        module = ModulePage(title="Module", slug="m")
        course.add_child(instance=module)
        for lesson in range(LESSONS):
            module.add_child(instance=LessonPage(title=f"Lesson {lesson}", slug=f"l{lesson}"))
        CourseCompetency.objects.create(
            course=course,
            competency=competency_list[number % len(competency_list)],
            level=levels[1 + number % 3],
            validity_months=24 if number % 4 == 0 else None,
        )


SEED_SQL = """
CREATE TEMP TABLE bench_province AS
  SELECT row_number() OVER (ORDER BY p.id) - 1 AS idx, p.id, p.country_id, o.id AS office_id
  FROM people_province p JOIN people_office o ON o.province_id = p.id AND o.code = p.code || '-JC';
CREATE TEMP TABLE bench_position AS
  SELECT row_number() OVER (ORDER BY id) - 1 AS idx, id FROM people_position WHERE code IN ('counsellor', 'chief', 'trainer');
CREATE TEMP TABLE bench_course AS
  SELECT row_number() OVER (ORDER BY c.page_ptr_id) - 1 AS idx, c.page_ptr_id AS id, p.path
  FROM courses_coursepage c JOIN wagtailcore_page p ON p.id = c.page_ptr_id WHERE p.slug LIKE 'bench-%%';
CREATE TEMP TABLE bench_lesson AS
  SELECT c.id AS course_id, l.page_ptr_id AS id, row_number() OVER (PARTITION BY c.id ORDER BY p.path) AS idx
  FROM bench_course c JOIN wagtailcore_page p ON p.path LIKE c.path || '%%' AND p.depth = length(c.path) / 4 + 2
  JOIN courses_lessonpage l ON l.page_ptr_id = p.id;

INSERT INTO people_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                         date_joined, preferred_language)
  SELECT '!', false, 'bench' || n, 'Staff', 'Number ' || n, '', false, true, now(), 'km'
  FROM generate_series(%(first)s, %(last)s) AS n;

INSERT INTO people_staffprofile (user_id, name_native, sex, disability, country_id, province_id, office_id,
                                 position_id, employee_id)
  SELECT u.id, '', CASE WHEN n %% 5 < 3 THEN 'female' ELSE 'male' END,
         CASE WHEN n %% 17 = 0 THEN 'physical' WHEN n %% 23 = 0 THEN '' ELSE 'none' END,
         p.country_id, p.id, p.office_id, pos.id, 'BENCH-' || n
  FROM generate_series(%(first)s, %(last)s) AS n
  JOIN people_user u ON u.username = 'bench' || n
  JOIN bench_province p ON p.idx = n %% (SELECT count(*) FROM bench_province)
  JOIN bench_position pos ON pos.idx = n %% 3;

INSERT INTO courses_enrolment (learner_id, course_id, enrolled_at, last_activity_at, completed_at, last_lesson_id)
  SELECT u.id, c.id, now() - ((n * 7 + k * 13) %% 700) * interval '1 day', now(),
         CASE WHEN (n + k) %% 5 < 3 THEN now() - ((n * 7 + k * 13) %% 700) * interval '1 day' + interval '9 days' END,
         NULL
  FROM generate_series(%(first)s, %(last)s) AS n
  JOIN people_user u ON u.username = 'bench' || n
  CROSS JOIN generate_series(0, %(per_person)s - 1) AS k
  JOIN bench_course c ON c.idx = (n + k * 11) %% (SELECT count(*) FROM bench_course);

INSERT INTO courses_lessonprogress (enrolment_id, lesson_id, completed_at)
  SELECT e.id, l.id, e.enrolled_at + l.idx * interval '1 hour'
  FROM courses_enrolment e JOIN people_user u ON u.id = e.learner_id AND u.username LIKE 'bench%%'
  JOIN bench_lesson l ON l.course_id = e.course_id
  WHERE e.id > %(last_enrolment)s;

INSERT INTO competencies_competencyrecord (person_id, competency_id, level_id, source, enrolment_id, note,
                                           achieved_at, expires_at, withdrawn_at, withdrawn_reason, created_at)
  SELECT e.learner_id, g.competency_id, g.level_id, 'course', e.id, '', e.completed_at,
         CASE WHEN g.validity_months IS NOT NULL THEN e.completed_at + g.validity_months * interval '1 month' END,
         NULL, '', now()
  FROM courses_enrolment e JOIN competencies_coursecompetency g ON g.course_id = e.course_id
  WHERE e.completed_at IS NOT NULL AND e.id > %(last_enrolment)s;
"""


def seed_staff(first, last):
    from django.db import connection

    from courses.models import Enrolment

    last_enrolment = Enrolment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    params = {"first": first, "last": last, "per_person": COURSES_PER_PERSON, "last_enrolment": last_enrolment}
    with connection.cursor() as cursor:
        for statement in SEED_SQL.split(";\n"):
            if statement.strip():
                cursor.execute(statement, params)
        cursor.execute("DROP TABLE bench_province, bench_position, bench_course, bench_lesson")
        cursor.execute("ANALYZE")


def measure(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm-up
    assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(ctx.captured_queries)


def main():
    url, parts, name = bench_database_url()
    recreate_database(parts, name)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "elearning.settings.bench"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "elearning.settings.bench"})
    import django

    django.setup()
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from courses.models import Enrolment, LessonProgress
    from people.models import Province, Role, StaffProfile
    from people.services import create_staff, grant_role

    started = time.perf_counter()
    create_framework_and_courses()
    print(f"60 courses of {LESSONS} lessons created through Wagtail in {time.perf_counter() - started:.1f} s")
    province = Province.objects.get(code="KH-12")
    users = {}
    for username, role, scope in (
        ("bench.admin", Role.ADMINISTRATOR, {}),
        ("bench.national", Role.HR_PLANNER, {"country": province.country}),
        ("bench.province", Role.HR_PLANNER, {"province": province}),
    ):
        users[username] = create_staff(
            username=username,
            password="bench-pass-word",
            profile={"sex": "female", "country": province.country, "province": province},
        )
        grant_role(user=users[username], role=role, **scope)
    year_ago = (timezone.localdate() - timedelta(days=365)).isoformat()
    rows, seeded = [], 0
    for size in SIZES:
        started = time.perf_counter()
        seed_staff(seeded + 1, size)
        seeded = size
        print(
            f"Seeded up to {size:,} staff in {time.perf_counter() - started:.1f} s: "
            f"{StaffProfile.objects.count():,} staff, {Enrolment.objects.count():,} enrolments, "
            f"{LessonProgress.objects.count():,} progress records"
        )
        for username in users:
            client = Client(HTTP_HOST="localhost")
            client.force_login(users[username])
            for label, path in PAGES:
                ms, queries = measure(client, path.format(year_ago=year_ago))
                rows.append((size, username, label, ms, queries))
    print(f"\nPostgreSQL, in-process test client, median of {REPEAT} requests after a warm-up\n")
    print(f"| {'staff':>6} | {'progress':>9} | {'user':<14} | {'page':<28} | {'ms':>7} | {'queries':>7} |")
    print(f"|{'-' * 8}|{'-' * 11}|{'-' * 16}|{'-' * 30}|{'-' * 9}|{'-' * 9}|")
    for size, username, label, ms, queries in rows:
        progress = size * COURSES_PER_PERSON * LESSONS
        print(f"| {size:>6,} | {progress:>9,} | {username:<14} | {label:<28} | {ms:>7.1f} | {queries:>7} |")
    by_page = {}
    for _size, username, label, _ms, queries in rows:
        by_page.setdefault((username, label), set()).add(queries)
    grows = [key for key, counts in by_page.items() if len(counts) > 1]
    print("\nQuery counts " + ("GROW with the data: " + repr(grows) if grows else "are the same at both sizes."))


if __name__ == "__main__":
    main()
