"""Khmer text normalised to one spelling, for storing and comparing what people type.

Khmer subscript TA (COENG TA, U+17D2 U+178F) and subscript DA (COENG DA, U+17D2 U+178A) are
drawn with the same glyph, so people type either and cannot see the difference; the same word
then fails to match itself (a short-text answer, a search, a name). Unicode Technical Note #61
(Khmer encoding structure) and SIL's khnormal normalise COENG DA to COENG TA, and so does the
platform: catalogues, content and comparisons use COENG TA. Text is also put in NFC first.

Content is kept in this form when it is saved: `normalise_khmer_before_save` (connected in
CoreConfig.ready) rewrites the Khmer columns modeltranslation adds to every translated model
(pages, snippets, questions, options, quizzes, certificate designs...), StreamField JSON included;
`manage.py normalize_khmer` rewrites rows saved before. Slugs and URL paths are left alone: a
changed slug would change a page's address.
"""

import unicodedata
from functools import cache

from django.db import models

COENG = "\u17d2"
COENG_DA = COENG + "\u178a"
COENG_TA = COENG + "\u178f"
KHMER = "km"
# Page address fields that modeltranslation translates: rewriting them would move the page.
ADDRESS_FIELDS = {"slug", "url_path"}


def normalize_khmer(text):
    """The text in NFC with every subscript DA written as the identical-looking subscript TA."""
    if not text:
        return text
    return unicodedata.normalize("NFC", text).replace(COENG_DA, COENG_TA)


def same_text(first, second):
    """Whether two typed texts are the same once spacing, letter case and Khmer spelling variants are set aside."""

    def key(value):
        return " ".join(normalize_khmer(value or "").split()).casefold()

    return key(first) == key(second)


def normalize_data(value):
    """Every string in a JSON-like structure (StreamField data) normalised; the structure kept."""
    if isinstance(value, str):
        return normalize_khmer(value)
    if isinstance(value, list):
        return [normalize_data(item) for item in value]
    if isinstance(value, dict):
        return {key: normalize_data(item) for key, item in value.items()}
    return value


def _is_stream(field):
    return hasattr(field, "stream_block")


@cache
def khmer_text_fields(model):
    """The Khmer text columns modeltranslation gives `model` (text, rich text, StreamField)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    names = []
    for name in sorted(options.all_fields):
        if name in ADDRESS_FIELDS:
            continue
        try:
            field = model._meta.get_field(f"{name}_{KHMER}")
        except Exception:  # noqa: BLE001 - a registered field without a Khmer column has nothing to normalise
            continue
        if isinstance(field, (models.CharField, models.TextField)) or _is_stream(field):
            names.append(field.name)
    return tuple(names)


def normalized_values(model, instance):
    """{field name: normalised value} for the Khmer fields of `instance` whose value would change."""
    changes = {}
    for name in khmer_text_fields(model):
        value = getattr(instance, name, None)
        if not value:
            continue
        field = model._meta.get_field(name)
        if _is_stream(field):
            # A StreamValue as the JSON it is stored as (raw block data, ids kept); a list is already that.
            before = field.stream_block.get_prep_value(value) if hasattr(value, "raw_data") else value
        elif isinstance(value, str):
            before = value
        else:
            continue
        after = normalize_data(before)
        if after != before:
            changes[name] = after
    return changes


def normalise_khmer_before_save(sender, instance, **kwargs):
    """pre_save: a translated model's Khmer text is stored with one subscript TA."""
    for name, value in normalized_values(type(instance), instance).items():
        setattr(instance, name, value)


def normalise_khmer_rows(model, names=None, *, batch_size=500):
    """Rewrite the rows of `model` saved before normalising on save; the number of rows changed.

    `names` are the Khmer columns (by default the model's own); a migration passes its historical
    model and the columns it has. Updates go through the queryset: no save signals, no timestamps
    touched, no new revisions.
    """
    names = tuple(khmer_text_fields(model) if names is None else names)
    if not names:
        return 0
    changed = 0
    manager = model._base_manager
    for instance in manager.only("pk", *names).order_by("pk").iterator(chunk_size=batch_size):
        changes = {}
        for name in names:
            value = getattr(instance, name, None)
            field = model._meta.get_field(name)
            if not value:
                continue
            before = field.stream_block.get_prep_value(value) if hasattr(value, "raw_data") else value
            after = normalize_data(before)
            if after != before:
                changes[name] = after
        if changes:
            manager.filter(pk=instance.pk).update(**changes)
            changed += 1
    return changed


def normalise_all_khmer_rows(apps=None):
    """{model label: rows changed} over every translated model; `apps` is a migration's app registry."""
    from modeltranslation.translator import translator

    results = {}
    for live_model in translator.get_registered_models():
        if live_model._meta.abstract or live_model._meta.proxy:
            continue
        names = khmer_text_fields(live_model)
        model = live_model
        if apps is not None:
            try:
                model = apps.get_model(live_model._meta.label)
            except LookupError:
                continue
            present = {field.name for field in model._meta.get_fields()}
            names = tuple(name for name in names if name in present)
        if names:
            results[live_model._meta.label] = normalise_khmer_rows(model, names)
    return results
