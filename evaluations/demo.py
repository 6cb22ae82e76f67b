"""Demo surveys: ILO-style reaction questions (satisfaction, usefulness, clarity, length, what
helped, recommendation, what to change, how it will be used) in English, Khmer and Lao, as the
default survey of every tier; and answers from the demo staff who completed a course.

The demo learners (learner.kh, learner.lo, learner.en) are left to answer themselves. Running the
loader again changes nothing: surveys are updated in place, and a person answers once.
"""

from django.db import transaction

from courses.models import Enrolment, Tier

from .models import Question, Respondent, Survey
from .selectors import survey_for
from .services import submit_response

R, S, M, T = Question.Kind.RATING, Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TEXT

TITLE = {"en": "Course evaluation", "km": "ការវាយតម្លៃវគ្គសិក្សា", "lo": "ການປະເມີນຫຼັກສູດ"}
INTRO = {
    "en": "Tell us what you thought of this training. It takes about three minutes. Your answers are anonymous.",
    "km": "សូមប្រាប់យើងពីអ្វីដែលអ្នកគិតអំពីការបណ្តុះបណ្តាលនេះ។ វាចំណាយពេលប្រហែលបីនាទី។ ចម្លើយរបស់អ្នកគឺអនាមិក។",
    "lo": "ກະລຸນາບອກພວກເຮົາວ່າທ່ານຄິດແນວໃດກ່ຽວກັບການຝຶກອົບຮົມນີ້. ໃຊ້ເວລາປະມານສາມນາທີ. ຄຳຕອບຂອງທ່ານບໍ່ລະບຸຊື່.",
}

SATISFACTION = {
    "kind": R,
    "text": {
        "en": "Overall, how satisfied are you with this training?",
        "km": "សរុបមក តើអ្នកពេញចិត្តនឹងការបណ្តុះបណ្តាលនេះប៉ុណ្ណា?",
        "lo": "ໂດຍລວມແລ້ວ ທ່ານພໍໃຈກັບການຝຶກອົບຮົມນີ້ຫຼາຍປານໃດ?",
    },
    "low": {"en": "Not at all satisfied", "km": "មិនពេញចិត្តសោះ", "lo": "ບໍ່ພໍໃຈເລີຍ"},
    "high": {"en": "Very satisfied", "km": "ពេញចិត្តខ្លាំង", "lo": "ພໍໃຈຫຼາຍ"},
}
USEFULNESS = {
    "kind": R,
    "text": {
        "en": "How useful is what you learned for your daily work?",
        "km": "តើអ្វីដែលអ្នកបានរៀន មានប្រយោជន៍ប៉ុណ្ណាសម្រាប់ការងារប្រចាំថ្ងៃរបស់អ្នក?",
        "lo": "ສິ່ງທີ່ທ່ານໄດ້ຮຽນມີປະໂຫຍດຫຼາຍປານໃດຕໍ່ວຽກງານປະຈຳວັນຂອງທ່ານ?",
    },
    "low": {"en": "Not useful", "km": "គ្មានប្រយោជន៍", "lo": "ບໍ່ມີປະໂຫຍດ"},
    "high": {"en": "Very useful", "km": "មានប្រយោជន៍ខ្លាំង", "lo": "ມີປະໂຫຍດຫຼາຍ"},
}
CLARITY = {
    "kind": R,
    "text": {
        "en": "How clear were the materials and explanations?",
        "km": "តើឯកសារ និងការពន្យល់ច្បាស់លាស់ប៉ុណ្ណា?",
        "lo": "ເອກະສານ ແລະ ຄຳອະທິບາຍຈະແຈ້ງຫຼາຍປານໃດ?",
    },
    "low": {"en": "Not clear at all", "km": "មិនច្បាស់សោះ", "lo": "ບໍ່ຈະແຈ້ງເລີຍ"},
    "high": {"en": "Very clear", "km": "ច្បាស់ណាស់", "lo": "ຈະແຈ້ງຫຼາຍ"},
}
TRAINER = {
    "kind": R,
    "text": {
        "en": "How well did the trainer explain and answer questions?",
        "km": "តើគ្រូបណ្តុះបណ្តាលពន្យល់ និងឆ្លើយសំណួរបានល្អប៉ុណ្ណា?",
        "lo": "ຄູຝຶກອະທິບາຍ ແລະ ຕອບຄຳຖາມໄດ້ດີຫຼາຍປານໃດ?",
    },
    "low": {"en": "Not well at all", "km": "មិនល្អសោះ", "lo": "ບໍ່ດີເລີຍ"},
    "high": {"en": "Very well", "km": "ល្អណាស់", "lo": "ດີຫຼາຍ"},
}
LENGTH = {
    "kind": S,
    "text": {
        "en": "Was the length of the training right?",
        "km": "តើរយៈពេលនៃការបណ្តុះបណ្តាលសមរម្យដែរឬទេ?",
        "lo": "ໄລຍະເວລາຂອງການຝຶກອົບຮົມເໝາະສົມບໍ່?",
    },
    "options": {
        "en": ["Too short", "About right", "Too long"],
        "km": ["ខ្លីពេក", "សមរម្យ", "វែងពេក"],
        "lo": ["ສັ້ນເກີນໄປ", "ເໝາະສົມ", "ຍາວເກີນໄປ"],
    },
}
HELPED = {
    "kind": M,
    "required": False,
    "text": {
        "en": "Which parts helped you most?",
        "km": "តើផ្នែកណាខ្លះដែលបានជួយអ្នកច្រើនជាងគេ?",
        "lo": "ພາກສ່ວນໃດທີ່ຊ່ວຍທ່ານໄດ້ຫຼາຍທີ່ສຸດ?",
    },
    "options": {
        "en": ["Lessons and reading", "Examples and case studies", "Quizzes", "Discussion with colleagues"],
        "km": ["មេរៀន និងការអាន", "ឧទាហរណ៍ និងករណីសិក្សា", "តេស្ត", "ការពិភាក្សាជាមួយសហការី"],
        "lo": ["ບົດຮຽນ ແລະ ການອ່ານ", "ຕົວຢ່າງ ແລະ ກໍລະນີສຶກສາ", "ແບບທົດສອບ", "ການສົນທະນາກັບເພື່ອນຮ່ວມງານ"],
    },
}
RECOMMEND = {
    "kind": S,
    "text": {
        "en": "Would you recommend this training to a colleague?",
        "km": "តើអ្នកនឹងណែនាំការបណ្តុះបណ្តាលនេះដល់សហការីដែរឬទេ?",
        "lo": "ທ່ານຈະແນະນຳການຝຶກອົບຮົມນີ້ໃຫ້ເພື່ອນຮ່ວມງານບໍ່?",
    },
    "options": {
        "en": ["Yes, certainly", "Perhaps", "No"],
        "km": ["ប្រាកដជាណែនាំ", "ប្រហែលជាណែនាំ", "មិនណែនាំទេ"],
        "lo": ["ແນະນຳແນ່ນອນ", "ອາດຈະແນະນຳ", "ບໍ່ແນະນຳ"],
    },
}
CHANGE = {
    "kind": T,
    "required": False,
    "text": {
        "en": "What would you change to make the training better?",
        "km": "តើអ្នកនឹងកែប្រែអ្វីខ្លះ ដើម្បីធ្វើឱ្យការបណ្តុះបណ្តាលកាន់តែប្រសើរ?",
        "lo": "ທ່ານຈະປ່ຽນແປງຫຍັງ ເພື່ອເຮັດໃຫ້ການຝຶກອົບຮົມດີຂຶ້ນ?",
    },
}
USE = {
    "kind": T,
    "required": False,
    "text": {
        "en": "How will you use what you learned in your work?",
        "km": "តើអ្នកនឹងប្រើអ្វីដែលបានរៀនក្នុងការងាររបស់អ្នកដោយរបៀបណា?",
        "lo": "ທ່ານຈະນຳໃຊ້ສິ່ງທີ່ໄດ້ຮຽນເຂົ້າໃນວຽກງານຂອງທ່ານແນວໃດ?",
    },
}

SELF_PACED = [SATISFACTION, USEFULNESS, CLARITY, LENGTH, HELPED, RECOMMEND, CHANGE, USE]
LIVE = [SATISFACTION, USEFULNESS, CLARITY, TRAINER, LENGTH, HELPED, RECOMMEND, CHANGE, USE]
SURVEYS = {
    Tier.SELF_PACED: SELF_PACED,
    Tier.TRAINING_OF_TRAINERS: LIVE,
    Tier.PROVINCIAL: LIVE,
    Tier.WEBINAR: LIVE,
}

# Words some demo staff wrote, in their own language.
COMMENTS = {
    "km": ["សូមបន្ថែមឧទាហរណ៍ពីការិយាល័យការងារខេត្ត។", "វីដេអូខ្លីៗនឹងជួយបានច្រើន។"],
    "lo": ["ຢາກໃຫ້ມີຕົວຢ່າງຈາກສູນບໍລິການຈັດຫາງານແຂວງຫຼາຍຂຶ້ນ.", "ຄວນມີວິດີໂອສັ້ນໆ."],
}
DEMO_LEARNERS = {"learner.kh", "learner.lo", "learner.en"}


def _translated(field, values):
    return {f"{field}_{code}": value for code, value in values.items()} | {field: values["en"]}


def load_surveys():
    surveys = {}
    for tier, questions in SURVEYS.items():
        survey, _created = Survey.objects.update_or_create(
            course=None,
            tier=tier,
            defaults={**_translated("title", TITLE), **_translated("intro", INTRO), "is_active": True},
        )
        for order, item in enumerate(questions):
            fields = {"kind": item["kind"], "required": item.get("required", True), **_translated("text", item["text"])}
            if "low" in item:
                fields |= _translated("low_label", item["low"]) | _translated("high_label", item["high"])
            if "options" in item:
                fields |= _translated("options", {code: "\n".join(lines) for code, lines in item["options"].items()})
            Question.objects.update_or_create(survey=survey, sort_order=order, defaults=fields)
        surveys[tier] = survey
    return surveys


def _answers(survey, index, language):
    """Believable answers that differ from one person to the next (deterministic, so reloads agree)."""
    found = {}
    first_text = next((q for q in survey.questions.all() if q.kind == T), None)
    for number, question in enumerate(survey.questions.all()):
        if question.kind == R:
            found[question] = 3 + (index + number) % 3
        elif question.kind == S:
            found[question] = (index + number) % 2
        elif question.kind == M:
            found[question] = [index % 4, (index + 1) % 4]
        elif question == first_text and index % 2 == 0:
            comments = COMMENTS.get(language)
            if comments:
                found[question] = comments[index // 2 % len(comments)]
    return found


def load_demo_evaluations(*, users, courses, stdout):
    surveys = load_surveys()
    answered = set(Respondent.objects.values_list("person_id", "course_id"))
    completed = (
        Enrolment.objects.filter(completed_at__isnull=False)
        .exclude(learner__username__in=DEMO_LEARNERS)
        .select_related("learner", "course")
        .order_by("pk")
    )
    made = 0
    for index, enrolment in enumerate(completed):
        if (enrolment.learner_id, enrolment.course_id) in answered:
            continue
        survey = survey_for(enrolment.course)
        if survey is None:
            continue
        language = enrolment.learner.preferred_language or "en"
        with transaction.atomic():
            if submit_response(
                person=enrolment.learner,
                course=enrolment.course,
                answers=_answers(survey, index, language),
                language=language,
            ):
                made += 1
    stdout.write(f"Evaluations: {len(surveys)} default surveys; {made} demo answers added.")
