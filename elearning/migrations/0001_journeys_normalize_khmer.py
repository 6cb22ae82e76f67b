"""Khmer content saved before it was normalised on save gets one subscript TA (core.text).

The project app runs it because it sits above every app whose content is translated. Page titles
live in columns that wagtail_modeltranslation adds outside migrations: `manage.py normalize_khmer`
covers those (and can be run again at any time).
"""

from django.db import migrations


def normalise(apps, schema_editor):
    from core.text import normalise_all_khmer_rows

    normalise_all_khmer_rows(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_email_unique_names_printable"),
        ("courses", "0003_lessonpage_scorm_block"),
        ("assessments", "0003_question_source_key"),
        ("cohorts", "0001_initial"),
        ("certificates", "0002_private_pdfs_review_bulk_issue"),
        ("competencies", "0002_import_job"),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
