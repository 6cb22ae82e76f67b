"""import_questions and export_questions: what they print and their exit codes."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import Question, QuestionBank

from .conftest import FILES


@pytest.mark.django_db
def test_import_prints_what_was_imported_and_skipped(tmp_path):
    out = io.StringIO()
    # An .xml file under a .txt name: the format comes from the content.
    renamed = tmp_path / "bank.txt"
    renamed.write_bytes((FILES / "all_types.xml").read_bytes())
    call_command("import_questions", str(renamed), bank="ILO", stdout=out)
    text = out.getvalue()
    assert ": xml" in text
    assert "skipped question 10 (Describe an interview) [essay]" in text
    assert "8 new, 0 updated, 0 unchanged, 1 images, 6 skipped" in text
    assert Question.objects.filter(category__bank__name_en="ILO").count() == 8


@pytest.mark.django_db
def test_import_fills_the_language_chosen():
    call_command("import_questions", str(FILES / "basics_aiken.txt"), bank="Khmer", language="km", stdout=io.StringIO())
    assert set(Question.objects.values_list("stem_en", flat=True)) == {""}
    assert Question.objects.filter(stem_km__startswith="<p>តើនរណា").exists()


@pytest.mark.django_db
def test_import_of_a_file_with_errors_exits_non_zero_and_imports_nothing(tmp_path):
    broken = tmp_path / "broken.gift"
    broken.write_bytes(b"::Fine::Fine?{T}\n\n::Number::How many?{#twelve}\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_questions", str(broken), bank="ILO", stdout=io.StringIO(), stderr=err)
    assert "line 3" in err.getvalue()
    assert not Question.objects.exists()
    assert not QuestionBank.objects.exists()


@pytest.mark.django_db
def test_import_of_a_file_with_nothing_importable_exits_non_zero(tmp_path):
    essays = tmp_path / "essays.gift"
    essays.write_bytes(b"Describe a good interview.{}\n")
    with pytest.raises(CommandError):
        call_command("import_questions", str(essays), bank="ILO", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import_questions", str(tmp_path / "missing.xml"), bank="ILO", stdout=io.StringIO())


@pytest.mark.django_db
def test_export_writes_a_file_that_imports_back(tmp_path):
    call_command("import_questions", str(FILES / "job_search.gift.txt"), bank="ILO", stdout=io.StringIO())
    for fmt in ("xml", "gift"):
        target = tmp_path / f"out.{fmt}"
        call_command("export_questions", bank="ILO", format=fmt, output=str(target), stderr=io.StringIO())
        call_command("import_questions", str(target), bank=f"Copy {fmt}", stdout=io.StringIO())
        assert Question.objects.filter(category__bank__name_en=f"Copy {fmt}").count() == 11
    with pytest.raises(CommandError):
        call_command("export_questions", bank="Nowhere", format="xml")
