"""Khmer and Lao text is cut into dictionary words by ICU; what PostgreSQL reads back is the same words."""

import pytest

from search.segmentation import normalize, token_string, tokens, words

KHMER = "ខ្ញុំចង់ស្វែងរកការងារនៅភ្នំពេញ"  # "I want to look for work in Phnom Penh", no spaces
LAO = "ຂ້ອຍຢາກຊອກຫາວຽກເຮັດຢູ່ວຽງຈັນ"  # "I want to look for a job in Vientiane", no spaces


def test_a_khmer_sentence_without_spaces_is_cut_into_its_words():
    assert words(KHMER) == ["ខ្ញុំ", "ចង់", "ស្វែងរក", "ការងារ", "នៅ", "ភ្នំពេញ"]


def test_a_lao_sentence_without_spaces_is_cut_into_its_words():
    assert words(LAO) == ["ຂ້ອຍ", "ຢາກ", "ຊອກຫາ", "ວຽກ", "ເຮັດ", "ຢູ່", "ວຽງຈັນ"]


def test_the_end_of_one_word_and_the_start_of_the_next_are_not_a_word_of_the_sentence():
    assert not set(words("រកការ")) & set(words(KHMER))  # ស្វែង|រក + ការ|ងារ
    assert not set(words("ຫາວຽກ")) - {"ວຽກ"} & set(words(LAO))  # ຊອກ|ຫາ + ວຽກ: ຫາ alone is not there


def test_tokens_keep_their_place_in_the_text_and_leave_out_punctuation():
    text = normalize("Job-seekers' café, 2026! ការងារ។")
    found = tokens(text)
    assert [t.text for t in found] == ["job", "seekers", "café", "2026", "ការងារ"]
    assert [text[t.start : t.end] for t in found] == ["Job", "seekers", "café", "2026", "ការងារ"]


def test_khmer_spelling_variants_are_one_word():
    with_da = "ផ\u17d2\u178aល់"  # "provide" typed with subscript DA
    with_ta = "ផ\u17d2\u178fល់"
    assert words(with_da) == words(with_ta) == [with_ta]


def test_the_stored_form_finds_a_word_only_whole():
    stored = token_string(KHMER)
    assert stored.startswith(" ") and stored.endswith(" ")
    assert " ការងារ " in stored and " ការ " not in stored


@pytest.mark.parametrize("text", ["", "   ", "!!! ... ?", "។ ៕ ໆ"[:3]])
def test_text_without_letters_or_digits_has_no_words(text):
    assert words(text) == [] and token_string(text) == ""
