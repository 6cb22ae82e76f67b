"""Races on PostgreSQL: a completion event delivered twice at once, two imports of one file at once."""

import pytest

from competencies.models import CompetencyRecord
from competencies.services import grant_for_enrolment, import_staff
from people.models import StaffProfile
from people.permissions import Scope

from ..concurrency import run_together
from ..factories import is_postgres, make_course, make_staff
from .helpers import complete, link_course, make_framework

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.skipif(not is_postgres(), reason="concurrency is proven on PostgreSQL (set DATABASE_URL)"),
]


def test_concurrent_grants_make_one_record_per_competency(db):
    framework = make_framework()
    course = make_course(modules=1, lessons=1)
    link_course(course, framework["counselling"], framework["levels"][2])
    link_course(course, framework["lmi"], framework["levels"][1])
    enrolment = complete(make_staff(username="grant-racer"), course)
    run_together([lambda: grant_for_enrolment(enrolment=enrolment) for _ in range(6)])
    assert CompetencyRecord.objects.filter(enrolment=enrolment).count() == 2


def test_two_imports_of_one_file_at_once_create_each_person_once(db):
    rows = [
        (
            line,
            {
                "employee_id": f"RACE-{line}",
                "first_name": "Noy",
                "last_name": f"Racer {line}",
                "name_native": "",
                "email": "",
                "sex": "female",
                "disability": "",
                "province": "KH-12",
                "office": "",
                "position": "",
            },
        )
        for line in range(2, 12)
    ]
    results = []
    run_together([lambda: results.append(import_staff(rows=rows, scope=Scope(everywhere=True))) for _ in range(2)])
    assert StaffProfile.objects.filter(employee_id__startswith="RACE-").count() == 10
    assert sorted(r["created"] for r in results) == [0, 10]
    assert sorted(r["unchanged"] for r in results) == [0, 10]
