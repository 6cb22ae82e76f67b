"""Issue 100 certificates for a course as ONE action, rendered in the background by a real worker.

    .venv/bin/python -m benchmarks.certificates_bench          (CERT_BENCH_COUNT=100 by default)

Uses a fresh SQLite file (or DATABASE_URL), the database task backend of production and
`manage.py db_worker --batch` as the worker. Prints how long the action took (the request only
enqueues), how long the worker took, and the time and size per certificate by language.
Set CERT_BENCH_KEEP=1 to keep the database and the PDFs. This is a benchmark, not a test: it prints numbers and asserts only that every PDF was stored.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNT = int(os.environ.get("CERT_BENCH_COUNT", "100"))
SETTINGS = "benchmarks.certificates_bench_settings"
NAMES = {
    "km": ("KH", "ចាន់ ស្រីពៅ"),
    "lo": ("LA", "ຄຳຫຼ້າ ພົມມະຈັນ"),
    "en": ("KH", ""),
}


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(count):
    """A course and `count` learners who completed it (a third each reading Khmer, Lao, English)."""
    from django.utils import timezone

    from courses.models import Enrolment
    from people.models import Country
    from people.services import create_staff
    from tests.factories import make_course

    course = make_course(modules=1, lessons=1, slug="bench-course")
    countries = {c.code: c for c in Country.objects.all()}
    enrolments = []
    for index in range(count):
        language = ("km", "lo", "en")[index % 3]
        country_code, native = NAMES[language]
        country = countries[country_code]
        user = create_staff(
            username=f"bench{index:04d}",
            password=None,
            first_name="Bench",
            last_name=f"Learner {index}",
            preferred_language=language,
            profile={
                "name_native": native,
                "sex": "female",
                "country": country,
                "province": country.provinces.order_by("code").first(),
            },
        )
        enrolments.append(Enrolment(learner=user, course=course, completed_at=timezone.now()))
    Enrolment.objects.bulk_create(enrolments)
    return course


def main():
    tmp = Path(tempfile.mkdtemp(prefix="certbench-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": str(ROOT), "MEDIA_ROOT": str(tmp / "media")}
    if not env.get("DATABASE_URL"):
        env["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    os.environ.update(env)
    manage("migrate", "--noinput", env=env)

    import django

    django.setup()
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from certificates.models import IssuedCertificate
    from certificates.services import issue_for_enrolments
    from courses.models import Enrolment

    course = prepare(COUNT)
    manage("db_worker", "--batch", "--no-startup-delay", env=env)  # Wagtail's own tasks from creating the course
    before = set(DBTaskResult.objects.values_list("pk", flat=True))

    start = time.perf_counter()
    with transaction.atomic():
        summary = issue_for_enrolments(enrolments=Enrolment.objects.filter(course=course), issued_by=None)
    action_ms = (time.perf_counter() - start) * 1000
    queued = DBTaskResult.objects.exclude(pk__in=before)
    tasks_queued = queued.count()

    start = time.perf_counter()
    manage("db_worker", "--batch", "--no-startup-delay", env=env)
    worker_s = time.perf_counter() - start

    # One task per certificate: the work runs from the first start to the last finish.
    issue_tasks = queued.filter(task_path__endswith="issue_certificate")
    started_at = min(issue_tasks.values_list("started_at", flat=True))
    finished_at = max(issue_tasks.values_list("finished_at", flat=True))
    certificates = list(IssuedCertificate.objects.order_by("rendered_at"))
    assert len(certificates) == COUNT and all(c.is_ready for c in certificates), "not every PDF was stored"
    previous = started_at
    per_language = {}
    for certificate in certificates:
        seconds = (certificate.rendered_at - previous).total_seconds()
        previous = certificate.rendered_at
        per_language.setdefault(certificate.language, []).append((seconds, certificate.pdf_size))

    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    print(f"\nIssuing {COUNT} certificates for one course, database {database}, worker: db_worker --batch\n")
    print(f"- the action (what the trainer's request waits for): {action_ms:.0f} ms, queued {summary['queued']}")
    print(f"  certificates in {tasks_queued} background task(s)")
    print(f"- the worker, start to finish (includes starting Django): {worker_s:.1f} s")
    print(f"- the tasks themselves, first start to last finish: {(finished_at - started_at).total_seconds():.1f} s\n")
    print(
        f"| {'language':<8} | {'count':>5} | {'mean s/cert':>11} | {'p95 s/cert':>10} | {'mean KB':>7} | {'max KB':>6} |"
    )
    print(f"|{'-' * 10}|{'-' * 7}|{'-' * 13}|{'-' * 12}|{'-' * 9}|{'-' * 8}|")
    rows = sorted(per_language.items()) + [("all", [item for items in per_language.values() for item in items])]
    for language, items in rows:
        times = sorted(t for t, _size in items)
        sizes = [size / 1024 for _t, size in items]
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(
            f"| {language:<8} | {len(items):>5} | {statistics.mean(times):>11.3f} | {p95:>10.3f} "
            f"| {statistics.mean(sizes):>7.1f} | {max(sizes):>6.1f} |"
        )
    if os.environ.get("CERT_BENCH_KEEP"):
        print(f"\nDatabase and PDFs kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
