"""Demo quizzes for each demo course: a pre-test, one quiz per module and a post-test, in en/km/lo.

Connected to core.signals.demo_data_loaded; everything is found by a natural key, so
loading the demo twice changes nothing.
"""

from decimal import Decimal

from core.richtext import from_plain_text
from courses.models import ModulePage

from .models import Category, FeedbackTiming, Option, Question, QuestionBank, Quiz, QuizItem, QuizRole

QUESTIONS = [
    {
        "kind": "single",
        "stem": {
            "en": "What is the first step when a job seeker visits the job centre?",
            "km": "តើជំហានដំបូងគឺអ្វី នៅពេលអ្នកស្វែងរកការងារមកមជ្ឈមណ្ឌលការងារ?",
            "lo": "ຂັ້ນຕອນທຳອິດແມ່ນຫຍັງ ເມື່ອຜູ້ຊອກວຽກມາທີ່ສູນບໍລິການຈັດຫາງານ?",
        },
        "feedback": {
            "en": "Registration lets you follow the person and match them later.",
            "km": "ការចុះឈ្មោះជួយឱ្យអ្នកតាមដាន និងផ្គូផ្គងការងារពេលក្រោយ។",
            "lo": "ການລົງທະບຽນຊ່ວຍໃຫ້ຕິດຕາມ ແລະ ຈັບຄູ່ວຽກໄດ້ພາຍຫຼັງ.",
        },
        "options": [
            (
                {
                    "en": "Register them and ask about their goals",
                    "km": "ចុះឈ្មោះ ហើយសួរពីគោលដៅរបស់ពួកគេ",
                    "lo": "ລົງທະບຽນ ແລະ ຖາມກ່ຽວກັບເປົ້າໝາຍ",
                },
                True,
            ),
            ({"en": "Send them to an employer at once", "km": "បញ្ជូនពួកគេទៅនិយោជកភ្លាម", "lo": "ສົ່ງໄປຫານາຍຈ້າງທັນທີ"}, False),
            ({"en": "Ask them to come back next month", "km": "ប្រាប់ឱ្យត្រឡប់មកខែក្រោយ", "lo": "ບອກໃຫ້ກັບມາເດືອນໜ້າ"}, False),
        ],
    },
    {
        "kind": "true_false",
        "stem": {
            "en": "Job seekers with a disability can use every service of the job centre.",
            "km": "អ្នកស្វែងរកការងារដែលមានពិការភាព អាចប្រើសេវាទាំងអស់របស់មជ្ឈមណ្ឌលការងារ។",
            "lo": "ຜູ້ຊອກວຽກທີ່ມີຄວາມພິການ ສາມາດໃຊ້ທຸກບໍລິການຂອງສູນຈັດຫາງານ.",
        },
        "options": [
            ({"en": "True", "km": "ត្រូវ", "lo": "ຖືກ"}, True),
            ({"en": "False", "km": "ខុស", "lo": "ຜິດ"}, False),
        ],
    },
    {
        "kind": "multiple",
        "stem": {
            "en": "Which are good sources of labour market information?",
            "km": "តើអ្វីខ្លះជាប្រភពព័ត៌មានទីផ្សារការងារល្អ?",
            "lo": "ອັນໃດແມ່ນແຫຼ່ງຂໍ້ມູນຕະຫຼາດແຮງງານທີ່ດີ?",
        },
        "options": [
            ({"en": "Employer surveys", "km": "ការស្ទង់មតិនិយោជក", "lo": "ການສຳຫຼວດນາຍຈ້າງ"}, True),
            ({"en": "Vacancy lists", "km": "បញ្ជីការងារទំនេរ", "lo": "ລາຍການຕຳແໜ່ງຫວ່າງ"}, True),
            ({"en": "Rumours in the market", "km": "ពាក្យចចាមអារ៉ាមនៅផ្សារ", "lo": "ຂ່າວລືໃນຕະຫຼາດ"}, False),
        ],
    },
    {
        "kind": "numeric",
        "stem": {
            "en": "A job fair offers 120 vacancies and 30 are filled. How many are still open?",
            "km": "ពិព័រណ៍ការងារមានការងារទំនេរ 120 ហើយបំពេញបាន 30។ តើនៅសល់ប៉ុន្មាន?",
            "lo": "ງານວາງສະແດງວຽກມີ 120 ຕຳແໜ່ງ ແລະ ບັນຈຸແລ້ວ 30. ຍັງເຫຼືອຈັກຕຳແໜ່ງ?",
        },
        "number": Decimal(90),
    },
    {
        "kind": "short_text",
        "stem": {
            "en": "Which document does a job seeker show to register? (two words)",
            "km": "តើអ្នកស្វែងរកការងារបង្ហាញឯកសារអ្វីដើម្បីចុះឈ្មោះ?",
            "lo": "ຜູ້ຊອກວຽກສະແດງເອກະສານຫຍັງເພື່ອລົງທະບຽນ?",
        },
        "accepted": {"en": "ID card\nidentity card", "km": "អត្តសញ្ញាណប័ណ្ណ", "lo": "ບັດປະຈຳຕົວ"},
    },
    {
        "kind": "ordering",
        "stem": {
            "en": "Put the steps of job matching in order.",
            "km": "រៀបជំហាននៃការផ្គូផ្គងការងារតាមលំដាប់។",
            "lo": "ຈັດລຳດັບຂັ້ນຕອນການຈັບຄູ່ວຽກ.",
        },
        "options": [
            ({"en": "Register the job seeker", "km": "ចុះឈ្មោះអ្នកស្វែងរកការងារ", "lo": "ລົງທະບຽນຜູ້ຊອກວຽກ"}, True),
            ({"en": "Assess their skills", "km": "វាយតម្លៃជំនាញ", "lo": "ປະເມີນທັກສະ"}, True),
            ({"en": "Match with a vacancy", "km": "ផ្គូផ្គងជាមួយការងារទំនេរ", "lo": "ຈັບຄູ່ກັບຕຳແໜ່ງຫວ່າງ"}, True),
            ({"en": "Follow up after hiring", "km": "តាមដានក្រោយការជួល", "lo": "ຕິດຕາມຫຼັງການຈ້າງ"}, True),
        ],
    },
]

TITLES = {
    QuizRole.PRE_TEST: {"en": "Pre-test", "km": "តេស្តមុនវគ្គ", "lo": "ແບບທົດສອບກ່ອນຮຽນ"},
    QuizRole.POST_TEST: {"en": "Post-test", "km": "តេស្តក្រោយវគ្គ", "lo": "ແບບທົດສອບຫຼັງຮຽນ"},
    "module": {"en": "Module quiz", "km": "សំណួរម៉ូឌុល", "lo": "ແບບທົດສອບບົດ"},
}


def _tr(field, values):
    return {field: values["en"], **{f"{field}_{lang}": text for lang, text in values.items()}}


def _questions(course):
    bank, _c = QuestionBank.objects.get_or_create(
        course=course,
        name_en="Core questions",
        defaults={"name": "Core questions", "name_km": "សំណួរស្នូល", "name_lo": "ຄຳຖາມຫຼັກ"},
    )
    category, _c = Category.objects.get_or_create(
        bank=bank,
        name_en="Job centre basics",
        defaults={"name": "Job centre basics", "name_km": "មូលដ្ឋានមជ្ឈមណ្ឌលការងារ", "name_lo": "ພື້ນຖານສູນຈັດຫາງານ"},
    )
    questions = []
    for spec in QUESTIONS:
        stem = {lang: from_plain_text(text) for lang, text in spec["stem"].items()}
        question = Question.objects.filter(category=category, stem_en=stem["en"]).first()
        if question is None:
            feedback = spec.get("feedback", {"en": ""})
            question = Question.objects.create(
                category=category,
                kind=spec["kind"],
                numeric_answer=spec.get("number"),
                **_tr("stem", stem),
                **_tr("general_feedback", {lang: from_plain_text(text) for lang, text in feedback.items()}),
                **(_tr("accepted_answers", spec["accepted"]) if "accepted" in spec else {}),
            )
            for position, (text, correct) in enumerate(spec.get("options", []), start=1):
                Option.objects.create(question=question, position=position, is_correct=correct, **_tr("text", text))
        questions.append(question)
    return questions


def _quiz(course, key, *, module=None, role="", questions, **settings):
    lookup = {"course": course, "role": role} if role else {"course": course, "module": module}
    title = dict(TITLES[key])
    if module is not None:
        title = {
            lang: f"{text}: {getattr(module, f'title_{lang}', None) or module.title}" for lang, text in title.items()
        }
    quiz, created = Quiz.objects.get_or_create(**lookup, defaults={**_tr("title", title), "module": module, **settings})
    if created:
        QuizItem.objects.bulk_create(QuizItem(quiz=quiz, question=q, position=i) for i, q in enumerate(questions))
    return quiz


def load_demo_quizzes(sender, *, courses, stdout=None, **kwargs):
    count = 0
    for course in courses:
        questions = _questions(course)
        _quiz(
            course,
            QuizRole.PRE_TEST,
            role=QuizRole.PRE_TEST,
            questions=questions,
            attempts_allowed=1,
            feedback_timing=FeedbackTiming.NEVER,
            pass_mark=0,
        )
        modules = list(ModulePage.objects.child_of(course).order_by("path"))
        for index, module in enumerate(modules):
            chosen = [questions[(2 * index) % len(questions)], questions[(2 * index + 1) % len(questions)]]
            _quiz(
                course,
                "module",
                module=module,
                questions=chosen,
                required_for_completion=True,
                pass_mark=50,
                feedback_timing=FeedbackTiming.IMMEDIATELY,
            )
        _quiz(
            course,
            QuizRole.POST_TEST,
            role=QuizRole.POST_TEST,
            questions=questions,
            required_for_completion=True,
            pass_mark=60,
            attempts_allowed=3,
        )
        count += 1
    if stdout is not None:
        stdout.write(f"Quizzes ready for {count} courses.")
