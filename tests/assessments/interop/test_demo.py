"""The demo imports a question bank (English, Khmer and Lao) from the Moodle XML file in the repository, once."""

import io

import pytest

from assessments.interop.demo import BANK, DEMO_FILE, load_demo_question_bank
from assessments.interop.importing import read_file
from assessments.models import Question, QuestionBank


def test_the_demo_file_is_a_clean_bank_in_three_languages():
    parsed = read_file(DEMO_FILE.read_bytes())
    assert parsed.errors == []
    assert len(parsed.counts()) == 7  # one question of every kind the platform has
    assert [s.source_type for s in parsed.skipped] == ["description"]
    assert all(item.stem.keys() == {"en", "km", "lo"} for item in parsed.items)


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing(course):
    out = io.StringIO()
    bank = load_demo_question_bank(None, courses=[course], stdout=out)
    first = sorted(Question.objects.filter(category__bank=bank).values_list("pk", "stem_km"))
    assert len(first) == 7 and all(stem for _pk, stem in first)
    load_demo_question_bank(None, courses=[course], stdout=out)
    assert sorted(Question.objects.filter(category__bank=bank).values_list("pk", "stem_km")) == first
    assert QuestionBank.objects.filter(name_en=BANK["en"]).count() == 1
    assert bank.course == course


@pytest.mark.django_db
def test_the_demo_question_shows_an_image_with_alt_text_in_each_language(course):
    from wagtail.images import get_image_model

    bank = load_demo_question_bank(None, courses=[course])
    question = Question.objects.get(category__bank=bank, stem_en__contains="<b>start</b>")
    image = get_image_model().objects.get()
    for lang, alt in (("en", "A plan in three steps"), ("km", "ផែនការមានបីជំហាន"), ("lo", "ແຜນການມີສາມຂັ້ນຕອນ")):
        assert f'<embed embedtype="image" format="fullwidth" id="{image.pk}" alt="{alt}"/>' in getattr(
            question, f"stem_{lang}"
        )
