"""Question text and general feedback become rich text; every stored plain text becomes escaped paragraphs."""

import html
import re

import wagtail.fields
from django.db import migrations

# Copied from core.richtext at the time of writing, so this migration keeps its meaning if that module changes.
_EMBED = re.compile(r'<embed embedtype="image" id="(\d+)" format="(\w+)" alt="([^"<>]*)"/>')
_FIELDS = ["stem", "stem_en", "stem_km", "stem_lo"] + [
    "general_feedback",
    "general_feedback_en",
    "general_feedback_km",
    "general_feedback_lo",
]


def _paragraphs(text):
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    out = []
    for part in re.split(r"\n\s*\n", text):
        lines = [html.escape(line.strip(), quote=False) for line in part.split("\n")]
        out.append("<p>" + "<br/>".join(line for line in lines if line) + "</p>")
    return "".join(out)


def _to_html(text):
    """Escaped paragraphs; an image embed the importer wrote into the plain text becomes the image."""
    parts, cursor = [], 0
    text = text or ""
    for match in _EMBED.finditer(text):
        parts.append(_paragraphs(text[cursor : match.start()]))
        alt = html.escape(html.unescape(match.group(3)))
        parts.append(f'<embed embedtype="image" id="{match.group(1)}" format="{match.group(2)}" alt="{alt}"/>')
        cursor = match.end()
    parts.append(_paragraphs(text[cursor:]))
    return "".join(parts)


_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br/>|</p>")


def _to_text(value):
    value = _BREAK.sub("\n", _EMBED.sub(lambda m: m.group(0) + "\n", value or ""))
    kept = []
    for piece in re.split(r"(<embed [^>]*/>)", value):
        kept.append(piece if piece.startswith("<embed ") else html.unescape(_TAG.sub("", piece)))
    return "\n".join(line.strip() for line in "".join(kept).split("\n") if line.strip())


def _convert(apps, convert):
    Question = apps.get_model("assessments", "Question")
    changed = []
    for question in Question.objects.only("pk", *_FIELDS).iterator(chunk_size=500):
        for name in _FIELDS:
            setattr(question, name, convert(getattr(question, name)))
        changed.append(question)
        if len(changed) == 500:
            Question.objects.bulk_update(changed, _FIELDS)
            changed = []
    if changed:
        Question.objects.bulk_update(changed, _FIELDS)


def forwards(apps, schema_editor):
    _convert(apps, _to_html)


def backwards(apps, schema_editor):
    _convert(apps, _to_text)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_question_source_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="question",
            name="general_feedback",
            field=wagtail.fields.RichTextField(blank=True, verbose_name="general feedback"),
        ),
        migrations.AlterField(
            model_name="question",
            name="general_feedback_en",
            field=wagtail.fields.RichTextField(blank=True, null=True, verbose_name="general feedback"),
        ),
        migrations.AlterField(
            model_name="question",
            name="general_feedback_km",
            field=wagtail.fields.RichTextField(blank=True, null=True, verbose_name="general feedback"),
        ),
        migrations.AlterField(
            model_name="question",
            name="general_feedback_lo",
            field=wagtail.fields.RichTextField(blank=True, null=True, verbose_name="general feedback"),
        ),
        migrations.AlterField(
            model_name="question",
            name="stem",
            field=wagtail.fields.RichTextField(verbose_name="question"),
        ),
        migrations.AlterField(
            model_name="question",
            name="stem_en",
            field=wagtail.fields.RichTextField(null=True, verbose_name="question"),
        ),
        migrations.AlterField(
            model_name="question",
            name="stem_km",
            field=wagtail.fields.RichTextField(null=True, verbose_name="question"),
        ),
        migrations.AlterField(
            model_name="question",
            name="stem_lo",
            field=wagtail.fields.RichTextField(null=True, verbose_name="question"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
