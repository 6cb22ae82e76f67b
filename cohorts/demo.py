"""Demo live training: a finished ToT whose graduates ran provincial sessions, and two webinars.

Called from the demo_data_loaded signal; safe to run again (cohorts have fixed public ids,
meetings are matched by their order, and every service used is idempotent).
"""

import uuid
from datetime import datetime, time, timedelta

from courses.models import CatalogPage, CoursePage, Tier
from courses.services import evaluate_completion
from people.models import Country, Province

from .completion import meetings_changed
from .models import AttendanceRecord, CascadeLink, Cohort, Meeting, Participation
from .services import assign, certify_graduate, record_attendance, set_trainers

NAMESPACE = uuid.UUID("6f1c1d2e-9a57-4c8e-8d1e-5f0a3a6c0b61")

COURSES = {
    "tot-employment-counselling": (
        Tier.TRAINING_OF_TRAINERS,
        {
            "en": "Training of trainers: employment counselling",
            "km": "វគ្គបណ្តុះបណ្តាលគ្រូបង្គោល៖ ការប្រឹក្សាការងារ",
            "lo": "ຝຶກອົບຮົມຄູຝຶກ: ການໃຫ້ຄຳປຶກສາວຽກງານ",
        },
        {
            "en": "Five days for future trainers: how to run the provincial counselling sessions.",
            "km": "ប្រាំថ្ងៃសម្រាប់គ្រូបង្គោល៖ របៀបដឹកនាំវគ្គប្រឹក្សានៅខេត្ត។",
            "lo": "ຫ້າມື້ສຳລັບຄູຝຶກ: ວິທີດຳເນີນການຝຶກອົບຮົມໃນແຂວງ.",
        },
    ),
    "provincial-employment-counselling": (
        Tier.PROVINCIAL,
        {
            "en": "Provincial session: employment counselling",
            "km": "វគ្គថ្នាក់ខេត្ត៖ ការប្រឹក្សាការងារ",
            "lo": "ຝຶກອົບຮົມຂັ້ນແຂວງ: ການໃຫ້ຄຳປຶກສາວຽກງານ",
        },
        {
            "en": "Two days in your province with a certified trainer.",
            "km": "ពីរថ្ងៃនៅខេត្តរបស់អ្នក ជាមួយគ្រូបង្គោលដែលមានវិញ្ញាបនបត្រ។",
            "lo": "ສອງມື້ໃນແຂວງຂອງທ່ານ ກັບຄູຝຶກທີ່ໄດ້ຮັບການຢັ້ງຢືນ.",
        },
    ),
    "webinar-labour-market-trends": (
        Tier.WEBINAR,
        {
            "en": "Webinar: labour market trends",
            "km": "សិក្ខាសាលាតាមអនឡាញ៖ និន្នាការទីផ្សារការងារ",
            "lo": "ສຳມະນາອອນລາຍ: ແນວໂນ້ມຕະຫຼາດແຮງງານ",
        },
        {
            "en": "One hour online on what employers are looking for.",
            "km": "មួយម៉ោងតាមអនឡាញ អំពីអ្វីដែលនិយោជកកំពុងស្វែងរក។",
            "lo": "ໜຶ່ງຊົ່ວໂມງອອນລາຍ ກ່ຽວກັບສິ່ງທີ່ນາຍຈ້າງຕ້ອງການ.",
        },
    ),
}


# Hours of teaching, as the meetings below add up (a one-hour webinar is not labelled 8 hours).
DURATION_HOURS = {
    "tot-employment-counselling": 21,
    "provincial-employment-counselling": 8,
    "webinar-labour-market-trends": 1,
}


def _course(catalog, slug, tier, titles, summaries):
    course = CoursePage.objects.filter(slug=slug).first()
    fields = {
        "tier": tier,
        "duration_hours": DURATION_HOURS[slug],
        "languages": ["km", "lo", "en"],
        "title": titles["en"],
        **{f"title_{lang}": text for lang, text in titles.items()},
        "summary": summaries["en"],
        **{f"summary_{lang}": text for lang, text in summaries.items()},
    }
    if course is None:
        course = catalog.add_child(instance=CoursePage(slug=slug, **fields))
    else:
        for name, value in fields.items():
            setattr(course, name, value)
        course.save()
    return course


def _cohort(key, *, course, titles, country, days, meetings, trainers, people, **fields):
    """Create or refresh one cohort with meetings at (day offset, hour) and registered people."""
    for name in ("venue", "materials"):  # English is the source; set it whatever language is active
        if name in fields:
            fields[f"{name}_en"] = fields.pop(name)
    today = datetime.now().date()
    tz = Country.objects.get(code=country).timezone
    cohort, _created = Cohort.objects.update_or_create(
        public_id=uuid.uuid5(NAMESPACE, key),
        defaults={
            "course": course,
            "country": Country.objects.get(code=country),
            "start_date": today + timedelta(days=days[0]),
            "end_date": today + timedelta(days=days[1]),
            "title": titles["en"],
            **{f"title_{lang}": text for lang, text in titles.items()},
            **fields,
        },
    )
    from zoneinfo import ZoneInfo

    existing = list(cohort.meetings.order_by("starts_at", "pk"))
    for index, (day, hour, hours) in enumerate(meetings):
        start = datetime.combine(today + timedelta(days=day), time(hour), tzinfo=ZoneInfo(tz))
        if index < len(existing):
            Meeting.objects.filter(pk=existing[index].pk).update(
                starts_at=start, ends_at=start + timedelta(hours=hours)
            )
        else:
            Meeting.objects.create(cohort=cohort, starts_at=start, ends_at=start + timedelta(hours=hours))
    meetings_changed()  # the times were moved with QuerySet.update, which sends no signal
    set_trainers(cohort=cohort, trainers=trainers)
    assign(cohort=cohort, people=people, assigned_by=None)
    return cohort


def _attend_all(cohort, absent=()):
    participations = list(
        Participation.objects.filter(cohort=cohort, status=Participation.Status.REGISTERED).select_related(
            "enrolment__course", "person"
        )
    )
    for meeting in cohort.meetings.all():
        statuses = {
            p.pk: AttendanceRecord.Status.ABSENT if p.person.username in absent else AttendanceRecord.Status.PRESENT
            for p in participations
        }
        record_attendance(meeting=meeting, statuses=statuses)
    for participation in participations:
        evaluate_completion(enrolment=participation.enrolment)
        certify_graduate(enrolment=participation.enrolment)


def load_demo_cohorts(*, users, stdout=None):
    catalog = CatalogPage.objects.first()
    courses = {slug: _course(catalog, slug, *spec) for slug, spec in COURSES.items()}
    tot, provincial, webinar = courses.values()
    CascadeLink.objects.update_or_create(provincial_course=provincial, defaults={"tot_course": tot})
    u = users
    province = {p.code: p for p in Province.objects.all()}

    tot_cohort = _cohort(
        "tot-2026-phnom-penh",
        course=tot,
        titles={"en": "ToT Phnom Penh", "km": "វគ្គគ្រូបង្គោល ភ្នំពេញ", "lo": "ຝຶກຄູຝຶກ ພະນົມເປັນ"},
        country="KH",
        province=province["KH-12"],
        days=(-90, -86),
        meetings=[(-90, 8, 7), (-89, 8, 7), (-88, 8, 7)],
        mode=Cohort.Mode.IN_PERSON,
        venue="National Employment Agency, Phnom Penh",
        venue_km="ទីភ្នាក់ងារជាតិមុខរបរ និងការងារ ភ្នំពេញ",
        venue_lo="ອົງການຈັດຫາງານແຫ່ງຊາດ, ພະນົມເປັນ",
        capacity=20,
        enrolment_mode=Cohort.EnrolmentMode.ASSIGNED,
        languages=["km", "lo", "en"],
        trainers=[u["admin"]],
        people=[u["trainer.kh"], u["trainer.lo"], u["staff.kh.01"], u["staff.lo.01"]],
    )
    _attend_all(tot_cohort)

    sessions = [
        (
            "provincial-battambang",
            "KH",
            "KH-2",
            "trainer.kh",
            ["staff.kh.07", "staff.kh.08", "staff.kh.09", "staff.kh.10"],
            {"en": "Counselling session, Battambang", "km": "វគ្គប្រឹក្សា បាត់ដំបង", "lo": "ຝຶກອົບຮົມ ບັດຕະບອງ"},
        ),
        (
            "provincial-kampong-cham",
            "KH",
            "KH-17",
            "staff.kh.01",
            ["staff.kh.04", "staff.kh.05", "staff.kh.06"],
            {"en": "Counselling session, Siem Reap", "km": "វគ្គប្រឹក្សា សៀមរាប", "lo": "ຝຶກອົບຮົມ ສຽມລາບ"},
        ),
        (
            "provincial-luang-prabang",
            "LA",
            "LA-LP",
            "trainer.lo",
            ["staff.lo.04", "staff.lo.05", "staff.lo.08", "staff.lo.09"],
            {"en": "Counselling session, Luang Prabang", "km": "វគ្គប្រឹក្សា ហ្លួងព្រះបាង", "lo": "ຝຶກອົບຮົມ ຫຼວງພະບາງ"},
        ),
    ]
    for key, country, code, trainer, people, titles in sessions:
        cohort = _cohort(
            key,
            course=provincial,
            titles=titles,
            country=country,
            province=province[code],
            days=(-40, -39),
            meetings=[(-40, 8, 4), (-39, 8, 4)],
            mode=Cohort.Mode.IN_PERSON,
            venue=f"Provincial job centre, {province[code].name_en}",
            venue_km=f"មជ្ឈមណ្ឌលការងារខេត្ត {province[code].name_km}",
            venue_lo=f"ສູນບໍລິການຈັດຫາງານແຂວງ {province[code].name_lo}",
            capacity=15,
            enrolment_mode=Cohort.EnrolmentMode.OPEN,
            languages=["lo"] if country == "LA" else ["km"],
            trainers=[u[trainer]],
            people=[u[name] for name in people],
        )
        _attend_all(cohort, absent=people[-1:])
    _cohort(
        "provincial-battambang-next",
        course=provincial,
        titles={
            "en": "Counselling session, Battambang (next)",
            "km": "វគ្គប្រឹក្សា បាត់ដំបង (លើកក្រោយ)",
            "lo": "ຝຶກອົບຮົມ ບັດຕະບອງ (ຄັ້ງຕໍ່ໄປ)",
        },
        country="KH",
        province=province["KH-2"],
        days=(20, 21),
        meetings=[(20, 8, 4), (21, 8, 4)],
        mode=Cohort.Mode.IN_PERSON,
        venue="Provincial job centre, Battambang",
        venue_km="មជ្ឈមណ្ឌលការងារខេត្ត បាត់ដំបង",
        venue_lo="ສູນບໍລິການຈັດຫາງານແຂວງ ບັດຕະບອງ",
        capacity=12,
        enrolment_mode=Cohort.EnrolmentMode.OPEN,
        languages=["km"],
        trainers=[u["trainer.kh"]],
        people=[u["learner.kh"]],
    )

    past_webinar = _cohort(
        "webinar-trends-past",
        course=webinar,
        titles={
            "en": "Webinar: jobs in agro-processing",
            "km": "សិក្ខាសាលា៖ ការងារក្នុងការកែច្នៃកសិផល",
            "lo": "ສຳມະນາ: ວຽກໃນການປຸງແຕ່ງກະສິກຳ",
        },
        country="LA",
        days=(-14, -14),
        meetings=[(-14, 14, 1)],
        mode=Cohort.Mode.ONLINE,
        join_link="https://meet.example.org/pes-agro",
        capacity=200,
        enrolment_mode=Cohort.EnrolmentMode.OPEN,
        languages=["lo", "km", "en"],
        recording_link="https://video.example.org/pes-agro-recording",
        materials="Slides: https://files.example.org/pes-agro-slides.pdf",
        materials_km="ស្លាយ៖ https://files.example.org/pes-agro-slides.pdf",
        materials_lo="ສະໄລ້: https://files.example.org/pes-agro-slides.pdf",
        trainers=[u["trainer.lo"]],
        people=[u["learner.lo"], u["staff.lo.02"], u["staff.lo.03"], u["learner.kh"]],
    )
    _attend_all(past_webinar, absent=["staff.lo.03"])
    _cohort(
        "webinar-trends-next",
        course=webinar,
        titles={
            "en": "Webinar: labour market trends 2027",
            "km": "សិក្ខាសាលា៖ និន្នាការទីផ្សារការងារ 2027",
            "lo": "ສຳມະນາ: ແນວໂນ້ມຕະຫຼາດແຮງງານ 2027",
        },
        country="KH",
        days=(10, 10),
        meetings=[(10, 14, 1)],
        mode=Cohort.Mode.ONLINE,
        join_link="https://meet.example.org/pes-trends-2027",
        capacity=300,
        enrolment_mode=Cohort.EnrolmentMode.OPEN,
        languages=["km", "lo", "en"],
        trainers=[u["trainer.kh"]],
        people=[u["learner.en"]],
    )
    if stdout is not None:
        stdout.write("Cohorts: a finished ToT, provincial sessions in three provinces, two webinars.")
