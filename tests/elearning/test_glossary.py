"""One word per concept: every catalogue follows docs/glossary.csv, and no English string has two translations.

When two catalogues translate the same msgid differently, Django shows one of them everywhere; when
a key term has several translations, learners meet several names for one thing. The glossary names
each term's Khmer and Lao word; strings that mean different things in different places carry a
context (pgettext) and a glossary row of their own.
"""

import csv
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import formats, translation

from elearning.text import COENG_DA, COENG_TA, normalize_khmer, same_text

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ("km", "lo")

# Strings whose code does not yet ask for a context (pgettext); each is listed in the report to the
# apps that own them. The root catalogue already holds the contexts ("answer order", "cohort
# participant", "competency record"). Remove an item as soon as its app uses the context.
AWAITING_CONTEXT: set[tuple[str, str | None, str]] = set()


def glossary():
    with (ROOT / "docs" / "glossary.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def catalogue_paths(lang):
    return sorted(
        path
        for path in ROOT.glob(f"**/locale/{lang}/LC_MESSAGES/django.po")
        if not {".venv", "node_modules", "staticfiles"} & set(path.parts)
    )


def app_of(path):
    return path.relative_to(ROOT).parts[0]


def translations(lang):
    """(app, msgctxt, msgid, msgstr) of every translated entry of the repository's catalogues."""
    rows = []
    for path in catalogue_paths(lang):
        for entry in polib.pofile(str(path)).translated_entries():
            text = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
            rows.append((app_of(path), entry.msgctxt, entry.msgid, text))
    return rows


def forms(row):
    return {form.strip().lower() for form in row["strings"].split("|") if form.strip()}


def sentence_pattern(row):
    pattern = row["sentences"]
    if not pattern:
        return None
    # HR, ToT: abbreviations keep their case; ordinary words are matched in any case.
    flags = 0 if re.search(r"[A-Z]{2}", pattern) else re.IGNORECASE
    return re.compile(pattern, flags)


def accepted(row, lang):
    return [row[lang]] + [word for word in row[f"{lang}_also"].split("|") if word]


def test_the_glossary_names_every_key_term_once():
    rows = glossary()
    terms = [row["term"] for row in rows]
    assert len(terms) == len(set(terms))
    for needed in ("quiz", "attempt", "trainer", "master trainer", "HR planner", "revoked", "provincial session"):
        assert needed in terms
    for needed in ("tier", "cohort", "certificate", "competency", "level", "withdrawn (person)", "withdrawn (record)"):
        assert needed in terms
    for needed in ("position (job)", "position (order)", "pre-test", "post-test", "webinar", "attendance"):
        assert needed in terms
    assert "check-in code" in terms
    for row in rows:
        assert re.search(r"[\u1780-\u17ff]", row["km"]) and re.search(r"[\u0e80-\u0eff]", row["lo"]), row["term"]
        assert COENG_DA not in row["km"], row["term"]
    # One word for two concepts is what the glossary exists to prevent (tier vs level).
    for lang in LANGUAGES:
        by_word = defaultdict(list)
        for row in rows:
            by_word[row[lang]].append(row["term"])
        assert all(len(names) == 1 for names in by_word.values()), {w: n for w, n in by_word.items() if len(n) > 1}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_glossary_term_has_the_glossary_translation(lang):
    rows = glossary()
    wrong = []
    for app, msgctxt, msgid, text in translations(lang):
        if (app, msgctxt, msgid) in AWAITING_CONTEXT:
            continue
        for row in rows:
            if msgid.lower() in forms(row) and row["msgctxt"] == (msgctxt or "") and text != row[lang]:
                wrong.append(f"{app}: {msgid!r} is {text!r}, the glossary says {row[lang]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_string_with_two_meanings_has_a_context(lang):
    """A term whose every sense needs a context (withdrawn) may not be translated without one."""
    rows = glossary()
    missing = []
    for app, msgctxt, msgid, _text in translations(lang):
        senses = [row for row in rows if msgid.lower() in forms(row)]
        if msgctxt is None and senses and all(row["msgctxt"] for row in senses):
            if (app, msgctxt, msgid) not in AWAITING_CONTEXT:
                missing.append(f"{app}: {msgid!r}")
    assert not missing, f"use pgettext with one of the glossary's contexts: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sentences_use_the_glossary_words(lang):
    rows = glossary()
    whole = set().union(*(forms(row) for row in rows))
    wrong = []
    for app, _msgctxt, msgid, text in translations(lang):
        if msgid.lower() in whole:
            continue
        for row in rows:
            pattern = sentence_pattern(row)
            if pattern and pattern.search(msgid) and not any(word in text for word in accepted(row, lang)):
                wrong.append(f"{app}: {msgid!r} -> {text!r} lacks {row[lang]!r} ({row['term']})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_english_string_has_one_translation_across_catalogues(lang):
    seen = defaultdict(dict)
    for app, msgctxt, msgid, text in translations(lang):
        seen[(msgctxt, msgid)][app] = text
    clashes = {}
    for (msgctxt, msgid), by_app in seen.items():
        if len(set(by_app.values())) > 1:
            awaiting = [app for app in by_app if (app, msgctxt, msgid) in AWAITING_CONTEXT]
            # Until its app asks with a context, an awaiting string may differ from the default sense only.
            if awaiting and all(app in awaiting or app == "locale" for app in by_app):
                continue
            clashes[(msgctxt, msgid)] = by_app
    assert not clashes, clashes


def test_strings_awaiting_a_context_still_exist_and_their_contexts_are_ready():
    """Keeps AWAITING_CONTEXT honest: an item fixed in its app must leave the list."""
    present = {(app, msgctxt, msgid) for app, msgctxt, msgid, _ in translations("km")}
    assert AWAITING_CONTEXT <= present, AWAITING_CONTEXT - present
    root = {(msgctxt, msgid) for app, msgctxt, msgid, _ in translations("lo") if app == "locale"}
    for context, msgid in [
        ("answer order", "position"),
        ("cohort participant", "Withdrawn"),
        ("competency record", "Withdrawn"),
        ("competency record", "withdrawn"),
    ]:
        assert (context, msgid) in root
        with translation.override("km"):
            assert translation.pgettext(context, msgid) != msgid


def test_khmer_catalogues_write_subscript_ta_one_way():
    for app, _msgctxt, msgid, text in translations("km"):
        assert COENG_DA not in text, f"{app}: {msgid!r} uses COENG DA (U+17D2 U+178A); write U+17D2 U+178F"


def test_site_templates_and_demo_content_write_subscript_ta_one_way():
    files = [*(ROOT / "templates").glob("**/*.html"), *(ROOT / "elearning" / "demo").glob("**/*.json")]
    assert files
    for path in files:
        assert COENG_DA not in path.read_text(encoding="utf-8"), path


def test_normalising_khmer_makes_lookalike_spellings_equal():
    with_da = "ផ" + COENG_DA + "ល់"  # "provide", typed with subscript DA
    with_ta = "ផ" + COENG_TA + "ល់"
    assert with_da != with_ta
    assert normalize_khmer(with_da) == with_ta
    assert same_text(f" {with_da}  ", with_ta)
    assert same_text("Phnom  Penh", "phnom penh")
    assert not same_text("ផ្តល់", "ផ្តាច់")
    assert normalize_khmer("") == "" and normalize_khmer(None) is None
    # NFC: a decomposed Latin letter equals its composed form.
    assert normalize_khmer("e\u0301") == "\u00e9"


def test_march_is_spelt_right_in_khmer_dates():
    """មីនា, with the long vowel ី; the misspelling មិនា was printed on certificates."""
    march = date(2026, 3, 5)
    with translation.override("km"):
        assert formats.date_format(march, "j F Y") == "5 មីនា 2026"
        assert formats.date_format(march, "E") == "មីនា"
    with translation.override("lo"):
        assert formats.date_format(march, "j F Y") == "5 ມີນາ 2026"
    for app, _msgctxt, msgid, text in translations("km"):
        if msgid in ("March", "mar"):
            assert text == "មីនា", app
        assert "មិនា" not in text, f"{app}: {msgid!r}"
