"""Demo certificates: designs for Cambodia and Lao PDR, and certificates for the completed demo courses.

learner.kh (Khmer) completes a course here so that both demo learners hold a certificate; every
other completed demo enrolment gets one too. Running the loader again changes nothing.
"""

from assessments.demo import take_quizzes_of_finished_lessons
from courses.models import Enrolment
from courses.selectors import course_lessons
from courses.services import complete_lesson, get_or_create_enrolment
from people.models import Country

from .links import public_base_url, verification_url
from .models import CertificateSignatory, CertificateTemplate
from .services import issue_and_store

DESIGNS = [
    {
        "country": "KH",
        "name": "Cambodia – National Employment Agency",
        "title": {"en": "Certificate of completion", "km": "វិញ្ញាបនបត្របញ្ចប់វគ្គសិក្សា", "lo": "ໃບຢັ້ງຢືນການຮຽນຈົບ"},
        "body": {
            "en": "has successfully completed the course",
            "km": "បានបញ្ចប់វគ្គសិក្សាដោយជោគជ័យ",
            "lo": "ໄດ້ຮຽນຈົບຫຼັກສູດຢ່າງສຳເລັດຜົນ",
        },
        "issuer": {
            "en": "National Employment Agency, Ministry of Labour and Vocational Training",
            "km": "ទីភ្នាក់ងារជាតិមុខរបរ និងការងារ ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ",
            "lo": "ອົງການຈັດຫາງານແຫ່ງຊາດ ກະຊວງແຮງງານ ແລະ ການບັນດາລະວິຊາຊີບ",
        },
        "signatories": [
            {
                "name": {"en": "Director General", "km": "អគ្គនាយក", "lo": "ຜູ້ອຳນວຍການໃຫຍ່"},
                "title": {
                    "en": "National Employment Agency",
                    "km": "ទីភ្នាក់ងារជាតិមុខរបរ និងការងារ",
                    "lo": "ອົງການຈັດຫາງານແຫ່ງຊາດ",
                },
            },
        ],
    },
    {
        "country": "LA",
        "name": "Lao PDR – Department of Skills Development and Employment",
        "title": {"en": "Certificate of completion", "km": "វិញ្ញាបនបត្របញ្ចប់វគ្គសិក្សា", "lo": "ໃບຢັ້ງຢືນການຮຽນຈົບ"},
        "body": {
            "en": "has successfully completed the course",
            "km": "បានបញ្ចប់វគ្គសិក្សាដោយជោគជ័យ",
            "lo": "ໄດ້ຮຽນຈົບຫຼັກສູດຢ່າງສຳເລັດຜົນ",
        },
        "issuer": {
            "en": "Department of Skills Development and Employment, Ministry of Labour and Social Welfare",
            "km": "នាយកដ្ឋានអភិវឌ្ឍជំនាញ និងការងារ ក្រសួងការងារ និងសុខុមាលភាពសង្គម",
            "lo": "ກົມພັດທະນາສີມືແຮງງານ ແລະ ການຈັດຫາງານ ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ",
        },
        "signatories": [
            {
                "name": {"en": "Director General", "km": "អគ្គនាយក", "lo": "ຫົວໜ້າກົມ"},
                "title": {
                    "en": "Department of Skills Development and Employment",
                    "km": "នាយកដ្ឋានអភិវឌ្ឍជំនាញ និងការងារ",
                    "lo": "ກົມພັດທະນາສີມືແຮງງານ ແລະ ການຈັດຫາງານ",
                },
            },
        ],
    },
]
LEARNER_KH_COURSE = "inclusive-employment-services"


def _translated(field, values):
    return {field: values["en"], **{f"{field}_{lang}": text for lang, text in values.items()}}


def load_designs():
    for item in DESIGNS:
        country = Country.objects.get(code=item["country"])
        template, _created = CertificateTemplate.objects.update_or_create(
            name=item["name"],
            defaults={
                "country": country,
                **_translated("title", item["title"]),
                **_translated("body", item["body"]),
                **_translated("issuer", item["issuer"]),
            },
        )
        for order, signatory in enumerate(item["signatories"]):
            CertificateSignatory.objects.update_or_create(
                template=template,
                sort_order=order,
                defaults={**_translated("name", signatory["name"]), **_translated("title", signatory["title"])},
            )


def load_demo_certificates(*, users, courses, stdout):
    load_designs()
    learner = users.get("learner.kh")
    course = next((c for c in courses if c.slug == LEARNER_KH_COURSE), None)
    if learner is not None and course is not None:
        enrolment = get_or_create_enrolment(learner=learner, course=course)
        if enrolment.completed_at is None:
            for lesson in course_lessons(course):
                complete_lesson(enrolment=enrolment, lesson=lesson)
            # The course's required quizzes too: the completion rule counts them.
            take_quizzes_of_finished_lessons(course)
    completed = Enrolment.objects.filter(course__in=courses, completed_at__isnull=False).order_by("pk")
    sample = None
    for enrolment in completed:
        certificate = issue_and_store(enrolment=enrolment)
        sample = sample or certificate
    stdout.write(f"Certificates: {completed.count()} completed demo enrolments hold a certificate.")
    if sample is not None:
        # The address printed in the QR codes: it must be the one the demo is served at.
        stdout.write(f"Certificates: QR codes point to {public_base_url()} (for example {verification_url(sample)}).")
