"""Moodle multi-language markup into the platform's en/km/lo texts and back."""

from assessments.interop import multilang


def test_spans_fill_each_language_and_shared_text_goes_to_all():
    text = '<p>1. <span lang="en" class="multilang">Hello</span><span class="multilang" lang="km">សួស្តី</span></p>'
    assert multilang.split(text, "en") == {"en": "<p>1. Hello</p>", "km": "<p>1. សួស្តី</p>"}


def test_mlang_blocks_with_other_and_regional_codes():
    text = "{mlang en_us}Hello{mlang}{mlang lo}ສະບາຍດີ{mlang}{mlang other}Bonjour{mlang}"
    assert multilang.split(text, "en") == {"en": "Hello", "km": "Bonjour", "lo": "ສະບາຍດີ"}


def test_text_without_markup_is_the_chosen_language():
    assert multilang.split("ສະບາຍດີ", "lo") == {"lo": "ສະບາຍດີ"}
    assert multilang.split("", "lo") == {}


def test_join_then_split_gives_the_texts_back():
    texts = {"en": "Hello", "km": "សួស្តី", "lo": "ສະບາຍດີ"}
    assert multilang.split(multilang.join(texts), "en") == texts
    assert multilang.join({"en": "Hello"}) == "Hello"
    assert multilang.split(multilang.join({"km": "សួស្តី"}), "en") == {"km": "សួស្តី"}
