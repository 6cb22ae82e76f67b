"""The translator's PO file: a round trip changes exactly the translated fields, and bad files are refused."""

import polib
import pytest

from assessments.models import Category, Option, Question, QuestionBank, Quiz, QuizItem
from certificates.models import CertificateTemplate
from core.errors import InvalidInput
from courses.models import CoursePage, LessonPage, ModulePage
from editorial import roundtrip
from people.models import Role

from ..factories import lessons_of, make_course, make_staff

pytestmark = pytest.mark.django_db


def _snapshot(course):
    """Every translated column of the course's pages and quiz texts, to compare before and after."""
    rows = {}
    for model in (CoursePage, ModulePage, LessonPage):
        for page in model.objects.descendant_of(course, inclusive=True):
            for name in ("title", "summary", "intro", "body"):
                for lang in ("en", "km", "lo"):
                    if hasattr(page, f"{name}_{lang}"):
                        value = getattr(page, f"{name}_{lang}")
                        rows[(page.pk, name, lang)] = list(value.raw_data) if hasattr(value, "raw_data") else value
    for question in Question.objects.all():
        for lang in ("en", "km", "lo"):
            rows[("q", question.pk, lang)] = getattr(question, f"stem_{lang}")
    return rows


@pytest.fixture
def course_with_quiz():
    course = make_course(modules=1, lessons=1)
    bank = QuestionBank.objects.create(name="Bank", course=course)
    category = Category.objects.create(bank=bank, name="Core")
    question = Question.objects.create(
        category=category, stem_en="Who registers a jobseeker?", stem="Who registers a jobseeker?"
    )
    Option.objects.create(question=question, text_en="The counsellor", text="The counsellor", is_correct=True)
    quiz = Quiz.objects.create(title_en="Check", title="Check", course=course)
    QuizItem.objects.create(quiz=quiz, question=question)
    CertificateTemplate.objects.create(name="Design", course=course, title_en="Certificate", issuer_en="Ministry")
    return course


def _translate(po, wanted):
    """Fill msgstr of the entries whose label (context without the hash) is in `wanted`."""
    for entry in po:
        label = entry.msgctxt.rpartition(":")[0]
        if label in wanted:
            entry.msgstr = wanted[label]
    return polib.pofile(str(po))


def test_a_round_trip_changes_exactly_the_translated_fields(course_with_quiz):
    course = course_with_quiz
    lesson = lessons_of(course)[0]
    question = Question.objects.get()
    po = roundtrip.export_po(course, "lo")
    labels = {entry.msgctxt.rpartition(":")[0] for entry in po}
    body_block = lesson.body_en.raw_data[0]["id"]
    assert {
        f"courses.coursepage:{course.pk}:summary",
        f"courses.lessonpage:{lesson.pk}:title",
        f"courses.lessonpage:{lesson.pk}:body/{body_block}",
        f"assessments.quiz:{Quiz.objects.get().pk}:title",
        f"assessments.question:{question.pk}:stem",
        f"assessments.option:{Option.objects.get().pk}:text",
        f"certificates.certificatetemplate:{CertificateTemplate.objects.get().pk}:issuer",
    } <= labels
    before = _snapshot(course)

    translated = _translate(
        po,
        {
            f"courses.lessonpage:{lesson.pk}:title": "ບົດຮຽນທີ່ແປແລ້ວ",
            f"courses.lessonpage:{lesson.pk}:body/{body_block}": "<p>ເນື້ອໃນໃໝ່</p>",
            f"assessments.question:{question.pk}:stem": "ໃຜລົງທະບຽນຜູ້ຊອກວຽກ?",
        },
    )
    plan = roundtrip.plan_import(course, translated)
    assert sorted((c.unit.field, c.new) for c in plan.changes) == [
        ("body", "<p>ເນື້ອໃນໃໝ່</p>"),
        ("stem", "<p>ໃຜລົງທະບຽນຜູ້ຊອກວຽກ?</p>"),  # a question is rich text: a paragraph
        ("title", "ບົດຮຽນທີ່ແປແລ້ວ"),
    ]
    assert _snapshot(course) == before  # a preview changes nothing

    roundtrip.apply_import(course=course, po=translated, user=make_staff(roles=(Role.CONTENT_EDITOR,)))

    after = _snapshot(course)
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {(lesson.pk, "title", "lo"), (lesson.pk, "body", "lo"), ("q", question.pk, "lo")}
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.title_lo == "ບົດຮຽນທີ່ແປແລ້ວ" and lesson.live
    assert lesson.body_lo.raw_data[0]["value"] == "<p>ເນື້ອໃນໃໝ່</p>"
    assert Question.objects.get().stem_lo == "<p>ໃຜລົງທະບຽນຜູ້ຊອກວຽກ?</p>"


def test_a_file_for_another_course_is_refused():
    course, other = make_course(modules=1, lessons=1), make_course(modules=1, lessons=1)
    po = polib.pofile(str(roundtrip.export_po(other, "km")))
    with pytest.raises(InvalidInput, match="another course"):
        roundtrip.plan_import(course, po)


def test_an_entry_whose_english_changed_since_the_export_is_outdated_and_not_applied():
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]
    label = f"courses.lessonpage:{lesson.pk}:title"
    po = _translate(roundtrip.export_po(course, "km"), {label: "មេរៀនថ្មី"})
    lesson.title_en = "Lesson rewritten in English"
    lesson.save_revision().publish()

    plan = roundtrip.apply_import(course=course, po=po, user=make_staff(roles=(Role.CONTENT_EDITOR,)))

    assert plan.outdated == [label]
    assert plan.changes == []
    assert LessonPage.objects.get(pk=lesson.pk).title_km == lessons_of(course)[0].title_km != "មេរៀនថ្មី"


def test_a_failure_half_way_leaves_nothing_changed(monkeypatch):
    course = make_course(modules=1, lessons=2)
    first, second = lessons_of(course)
    po = _translate(
        roundtrip.export_po(course, "km"),
        {f"courses.lessonpage:{first.pk}:title": "មួយ", f"courses.lessonpage:{second.pk}:title": "ពីរ"},
    )
    real_save = roundtrip._save
    calls = []

    def failing_save(obj, *args):
        calls.append(obj.pk)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real_save(obj, *args)

    monkeypatch.setattr(roundtrip, "_save", failing_save)
    with pytest.raises(RuntimeError):
        roundtrip.apply_import(course=course, po=po, user=make_staff(roles=(Role.CONTENT_EDITOR,)))
    titles = set(LessonPage.objects.filter(pk__in=[first.pk, second.pk]).values_list("title_km", flat=True))
    assert titles.isdisjoint({"មួយ", "ពីរ"})


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"this is not a translation file\n", "damaged"),
        ("\u1780\u17d2".encode("utf-16"), "UTF-8"),
        (b'msgid ""\nmsgstr ""\n"Language: km\\n"\n', "which course"),
    ],
)
def test_an_unreadable_file_is_refused_with_a_message(data, says):
    with pytest.raises(InvalidInput, match=says):
        roundtrip.read_po(data)


def test_a_translated_question_text_is_rich_text_sanitised_before_it_is_shown_or_saved(course_with_quiz):
    course = course_with_quiz
    question = Question.objects.get()
    Question.objects.filter(pk=question.pk).update(stem_en="<p>Who <b>registers</b> a jobseeker?</p>")
    label = f"assessments.question:{question.pk}:stem"
    po = roundtrip.export_po(course, "km")
    assert [entry.msgid for entry in po if entry.msgctxt.startswith(label)] == [
        "<p>Who <b>registers</b> a jobseeker?</p>"
    ]
    translated = _translate(po, {label: '<p onclick="x()">នរណា<b>ចុះឈ្មោះ</b><script>alert(1)</script></p>'})
    plan = roundtrip.plan_import(course, translated)
    assert [(c.rich, c.new) for c in plan.changes] == [(True, "<p>នរណា<b>ចុះឈ្មោះ</b></p>")]
    roundtrip.apply_import(course=course, po=translated, user=make_staff(roles=(Role.CONTENT_EDITOR,)))
    assert Question.objects.get().stem_km == "<p>នរណា<b>ចុះឈ្មោះ</b></p>"
