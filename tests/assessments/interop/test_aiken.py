"""Aiken import: A. and A) options, ANSWER:, blank lines, a byte order mark, Windows line endings."""

import pytest

from assessments.interop.importing import detect_format, import_file, read_file
from assessments.models import Question
from core.errors import InvalidInput


def test_reads_aiken_questions(read):
    data = read("basics_aiken.txt")
    assert detect_format(data) == "aiken"
    parsed = read_file(data)
    assert parsed.errors == []
    assert [item.kind for item in parsed.items] == ["single"] * 3
    first = parsed.items[0]
    assert [(o.text["en"], o.correct) for o in first.options] == [
        ("Register them and ask about their goals", True),
        ("Send them to an employer at once", False),
        ("Ask them to come back next month", False),
    ]
    assert [item.position for item in parsed.items] == ["line 1", "line 7", "line 12"]


def test_a_khmer_aiken_file_fills_khmer(read):
    parsed = read_file(read("basics_aiken.txt"), language="km")
    assert parsed.items[2].stem == {"km": "<p>តើនរណាជាអ្នកចុះឈ្មោះអ្នកស្វែងរកការងារ?</p>"}


BROKEN = [
    (b"Question?\nA. one\nB. two\nANSWER: C\n", "line 4", "C"),
    (b"Question?\nA. one\nANSWER: A\n", "line 1", "two"),
    (b"Question?\nA. one\nB. two\n", "line 1", "ANSWER"),
    (b"Question?\nA. one\nC. two\nANSWER: A\n", "line 3", "B"),
    (b"Question?\nA. one\nB. two\nstray text\nANSWER: A\n", "line 4", "ANSWER"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "line", "words"), BROKEN)
def test_malformed_aiken_says_which_line_and_imports_nothing(content, line, words, bank):
    parsed = read_file(content)
    assert [str(e.position) for e in parsed.errors] == [line]
    assert words in str(parsed.errors[0].message)
    with pytest.raises(InvalidInput):
        import_file(bank=bank, data=content)
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_aiken_import_is_idempotent(read, bank):
    import_file(bank=bank, data=read("basics_aiken.txt"))
    _parsed, result = import_file(bank=bank, data=read("basics_aiken.txt"))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert Question.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["km", "lo"])
def test_a_malformed_aiken_file_is_refused_in_the_readers_language(lang, bank):
    from django.utils import translation

    script = {"km": ("\u1780", "\u17ff"), "lo": ("\u0e80", "\u0eff")}[lang]
    content = "\ufeffQuestion?\r\nA. one\r\nB. two\r\n".encode()  # with a BOM and Windows line endings
    with translation.override(lang):
        parsed = read_file(content)
        problem = str(parsed.errors[0].message)
        with pytest.raises(InvalidInput) as raised:
            import_file(bank=bank, data=content)
        message = str(raised.value.message)
        position = str(parsed.errors[0].position)
    assert position.endswith(" 1") and position != "line 1"  # "line 1" in the reader's language
    for text in (problem, message, position):
        assert any(script[0] <= char <= script[1] for char in text), text
    assert not Question.objects.exists()
