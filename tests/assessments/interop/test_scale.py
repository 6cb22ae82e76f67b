"""A 1,000-question Moodle XML file in ten categories imports in a bounded number of queries (none per question)."""

import time

import pytest

from assessments.interop.importing import import_file
from assessments.models import Option, Question

# A few per category (look up, create, Wagtail reference index) and a handful per import; none per question.
QUERIES = 10 + 7 * 10
KINDS = [
    """<question type="multichoice"><name><text>Choice {n}</text></name>
  <questiontext format="html"><text><![CDATA[<p><span lang="en" class="multilang">Which is right {n}?</span><span lang="km" class="multilang">តើមួយណាត្រូវ {n}?</span></p>]]></text></questiontext>
  <single>true</single>
  <answer fraction="100"><text>Right {n}</text><feedback><text>Yes</text></feedback></answer>
  <answer fraction="0"><text>Wrong {n}</text><feedback><text>No</text></feedback></answer>
  <answer fraction="0"><text>Other {n}</text></answer></question>""",
    """<question type="truefalse"><name><text>True {n}</text></name>
  <questiontext format="html"><text>Statement {n}</text></questiontext>
  <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>""",
    """<question type="shortanswer"><name><text>Short {n}</text></name>
  <questiontext format="html"><text>Word {n}?</text></questiontext>
  <answer fraction="100"><text>word{n}</text></answer></question>""",
    """<question type="numerical"><name><text>Number {n}</text></name>
  <questiontext format="html"><text>Number {n}?</text></questiontext>
  <answer fraction="100"><text>{n}</text><tolerance>0.5</tolerance></answer></question>""",
    """<question type="matching"><name><text>Match {n}</text></name>
  <questiontext format="html"><text>Match {n}</text></questiontext>
  <subquestion><text>A{n}</text><answer><text>1</text></answer></subquestion>
  <subquestion><text>B{n}</text><answer><text>2</text></answer></subquestion></question>""",
]


def thousand_questions(count=1000):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>']
    for n in range(count):
        if n % 100 == 0:
            parts.append(
                f'<question type="category"><category><text>$course$/top/Part {n // 100}</text></category></question>'
            )
        parts.append(KINDS[n % len(KINDS)].format(n=n))
    parts.append("</quiz>")
    return "\n".join(parts).encode()


@pytest.mark.django_db
def test_a_thousand_questions_import_in_a_bounded_number_of_queries(bank, django_assert_max_num_queries, capsys):
    data = thousand_questions()
    started = time.perf_counter()
    with django_assert_max_num_queries(QUERIES):
        _parsed, result = import_file(bank=bank, data=data)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n1,000-question Moodle XML ({len(data) // 1024} KiB): first import {elapsed:.2f}s", end="")
    assert result.created == 1000
    assert Question.objects.count() == 1000 and Option.objects.count() == 1400
    started = time.perf_counter()
    with django_assert_max_num_queries(QUERIES):
        _parsed, result = import_file(bank=bank, data=data)
    with capsys.disabled():
        print(f", same file again {time.perf_counter() - started:.2f}s", end="")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1000)
    changed = data.replace(b"Right ", b"Correct ")
    started = time.perf_counter()
    with django_assert_max_num_queries(QUERIES):
        _parsed, result = import_file(bank=bank, data=changed)
    with capsys.disabled():
        print(f", 200 questions changed {time.perf_counter() - started:.2f}s", end="")
    assert (result.created, result.updated, result.unchanged) == (0, 200, 800)
    assert Option.objects.filter(text_en="Correct 0").exists() and Option.objects.count() == 1400


def test_reading_a_thousand_questions_is_bounded_in_memory(capsys):
    """The file is streamed question by question: the peak is a small multiple of the file, not of its tree."""
    import tracemalloc

    from assessments.interop.importing import read_file

    data = thousand_questions()
    tracemalloc.start()
    try:
        parsed = read_file(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with capsys.disabled():
        print(f"\nreading 1,000 questions ({len(data) // 1024} KiB): peak {peak / 2**20:.1f} MiB", end="")
    assert len(parsed.items) == 1000
    assert peak < 12 * len(data) + 8 * 2**20
