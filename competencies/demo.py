"""Demo data: the PES competency framework (en/km/lo), position profiles, course grants and records.

Called from the demo_data_loaded receiver; safe to run again (everything is found by its code).
Records for completed demo enrolments are derived through services.grant_for_enrolment, and a few
supervisor assessments make the gaps pages look like a real ministry's.
"""

from datetime import timedelta

from django.utils import timezone

from courses.models import CoursePage, Enrolment
from people.models import Position, StaffProfile

from . import services
from .models import (
    Competency,
    CompetencyArea,
    CompetencyRecord,
    CourseCompetency,
    PositionRequirement,
    ProficiencyLevel,
    Source,
)

AREAS = [
    ("serving-jobseekers", {"en": "Serving jobseekers", "km": "សេវាសម្រាប់អ្នកស្វែងរកការងារ", "lo": "ການບໍລິການຜູ້ຊອກວຽກ"}),
    (
        "employers-lmi",
        {"en": "Employers and the labour market", "km": "និយោជក និងទីផ្សារការងារ", "lo": "ນາຍຈ້າງ ແລະ ຕະຫຼາດແຮງງານ"},
    ),
    ("inclusion", {"en": "Inclusion", "km": "បរិយាបន្ន", "lo": "ການບໍລິການທີ່ທົ່ວເຖິງ"}),
]

COMPETENCIES = [
    (
        "client-orientation",
        "serving-jobseekers",
        {"en": "Client orientation", "km": "ការយកចិត្តទុកដាក់លើអតិថិជន", "lo": "ການໃຫ້ຄວາມສຳຄັນແກ່ຜູ້ຮັບບໍລິການ"},
    ),
    (
        "registration-profiling",
        "serving-jobseekers",
        {
            "en": "Registration and profiling of jobseekers",
            "km": "ការចុះឈ្មោះ និងការកំណត់ប្រវត្តិរូបអ្នកស្វែងរកការងារ",
            "lo": "ການລົງທະບຽນ ແລະ ການປະເມີນຂໍ້ມູນຜູ້ຊອກວຽກ",
        },
    ),
    (
        "counselling-guidance",
        "serving-jobseekers",
        {
            "en": "Employment counselling and career guidance",
            "km": "ការប្រឹក្សាការងារ និងការណែនាំអាជីព",
            "lo": "ການໃຫ້ຄຳປຶກສາວຽກເຮັດງານທຳ ແລະ ການແນະນຳອາຊີບ",
        },
    ),
    (
        "job-matching",
        "employers-lmi",
        {
            "en": "Job matching and employer services",
            "km": "ការផ្គូផ្គងការងារ និងសេវាសម្រាប់និយោជក",
            "lo": "ການຈັບຄູ່ວຽກ ແລະ ການບໍລິການນາຍຈ້າງ",
        },
    ),
    (
        "labour-market-information",
        "employers-lmi",
        {"en": "Use of labour market information", "km": "ការប្រើព័ត៌មានទីផ្សារការងារ", "lo": "ການນຳໃຊ້ຂໍ້ມູນຕະຫຼາດແຮງງານ"},
    ),
    (
        "inclusive-services",
        "inclusion",
        {
            "en": "Inclusive services for persons with disabilities and other vulnerable groups",
            "km": "សេវាបរិយាបន្នសម្រាប់ជនមានពិការភាព និងក្រុមងាយរងគ្រោះផ្សេងទៀត",
            "lo": "ການບໍລິການທີ່ທົ່ວເຖິງສຳລັບຄົນພິການ ແລະ ກຸ່ມຄົນດ້ອຍໂອກາດອື່ນໆ",
        },
    ),
]

LEVELS = [
    (1, "foundation", {"en": "Foundation", "km": "មូលដ្ឋាន", "lo": "ພື້ນຖານ"}),
    (2, "practitioner", {"en": "Practitioner", "km": "អនុវត្តបាន", "lo": "ປະຕິບັດໄດ້"}),
    (3, "expert", {"en": "Expert (can train others)", "km": "ជំនាញខ្ពស់ (អាចបង្រៀនអ្នកដទៃ)", "lo": "ຊ່ຽວຊານ (ສອນຄົນອື່ນໄດ້)"}),
]

PROFILES = {
    "counsellor": {
        "client-orientation": 2,
        "registration-profiling": 2,
        "counselling-guidance": 2,
        "job-matching": 1,
        "labour-market-information": 1,
        "inclusive-services": 1,
    },
    "chief": {
        "client-orientation": 2,
        "registration-profiling": 1,
        "counselling-guidance": 2,
        "job-matching": 2,
        "labour-market-information": 2,
        "inclusive-services": 2,
    },
    "trainer": {
        "client-orientation": 2,
        "registration-profiling": 2,
        "counselling-guidance": 3,
        "job-matching": 2,
        "labour-market-information": 2,
        "inclusive-services": 2,
    },
    "hr_officer": {"labour-market-information": 1, "inclusive-services": 1},
}

COURSE_GRANTS = {
    "employment-counselling-youth": [("counselling-guidance", 2, 36), ("client-orientation", 1, None)],
    "lmi-job-matching": [("labour-market-information", 2, None), ("job-matching", 2, None)],
    "inclusive-employment-services": [("inclusive-services", 2, 24)],
    # Live-training courses of the cohorts demo (loaded before this one), so gaps list upcoming cohorts.
    "tot-employment-counselling": [("counselling-guidance", 3, 36)],
    "provincial-employment-counselling": [("counselling-guidance", 2, 36), ("client-orientation", 2, None)],
    "webinar-labour-market-trends": [("labour-market-information", 1, 12)],
}

# (competency, level) assessed by a supervisor for every n-th demo person, so provinces differ.
ASSESSMENTS = [
    ("client-orientation", 2, 2),
    ("registration-profiling", 2, 3),
    ("job-matching", 1, 4),
    ("counselling-guidance", 2, 5),
    ("labour-market-information", 1, 3),
]


def _names(field, values):
    return {field: values["en"], **{f"{field}_{lang}": text for lang, text in values.items()}}


def load_framework():
    areas = {}
    for order, (code, names) in enumerate(AREAS):
        areas[code], _c = CompetencyArea.objects.update_or_create(
            code=code, defaults={"sort_order": order, **_names("name", names)}
        )
    competencies = {}
    for order, (code, area, names) in enumerate(COMPETENCIES):
        competencies[code], _c = Competency.objects.update_or_create(
            code=code, defaults={"area": areas[area], "sort_order": order, **_names("name", names)}
        )
    levels = {}
    for rank, code, names in LEVELS:
        levels[rank], _c = ProficiencyLevel.objects.update_or_create(
            rank=rank, defaults={"code": code, **_names("name", names)}
        )
    return competencies, levels


def load_demo_competencies(*, users, courses, stdout=None):
    competencies, levels = load_framework()
    positions = {p.code: p for p in Position.objects.filter(code__in=PROFILES)}
    for position_code, wanted in PROFILES.items():
        if position_code not in positions:
            continue
        for competency_code, rank in wanted.items():
            PositionRequirement.objects.update_or_create(
                position=positions[position_code],
                competency=competencies[competency_code],
                defaults={"level": levels[rank]},
            )
    by_slug = {course.slug: course for course in courses}
    by_slug.update(
        (course.slug, course) for course in CoursePage.objects.filter(slug__in=set(COURSE_GRANTS) - set(by_slug))
    )
    for slug, grants in COURSE_GRANTS.items():
        if slug not in by_slug:
            continue
        for competency_code, rank, months in grants:
            CourseCompetency.objects.update_or_create(
                course=by_slug[slug],
                competency=competencies[competency_code],
                defaults={"level": levels[rank], "validity_months": months},
            )
    # Completions made by the demo loader grant their records (the same service the event calls).
    granted = 0
    for enrolment in Enrolment.objects.filter(completed_at__isnull=False, learner__in=users.values()):
        granted += len(services.grant_for_enrolment(enrolment=enrolment))
    assessed = _demo_assessments(users, competencies, levels)
    if stdout is not None:
        stdout.write(
            f"Competencies: framework, position profiles, {granted} records from courses, {assessed} assessments."
        )


def _demo_assessments(users, competencies, levels):
    assessors = {"KH": users.get("hr.national.kh"), "LA": users.get("hr.province.lo")}
    profiles = (
        StaffProfile.objects.filter(user__in=users.values(), position__isnull=False)
        .select_related("country", "user")
        .order_by("employee_id")
    )
    now = timezone.now()
    created = 0
    for index, profile in enumerate(profiles):
        for competency_code, rank, every in ASSESSMENTS:
            if (index + rank) % every:
                continue
            _record, was_created = CompetencyRecord.objects.get_or_create(
                person=profile.user,
                competency=competencies[competency_code],
                source=Source.SUPERVISOR,
                defaults={
                    "level": levels[rank],
                    "assessed_by": assessors.get(profile.country.code),
                    "achieved_at": now - timedelta(days=30 + 11 * index),
                    "note": "Observed at the job centre (demo).",
                },
            )
            created += was_created
    return created
