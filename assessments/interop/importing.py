"""Read a question file into a preview, and import it into a bank all or nothing.

`read_file` detects the format from the content (not the file name), parses it within the
bounds of records.Budget and returns a Parsed preview; `import_parsed` writes the items in one
transaction: a question whose source_key is already in the bank is updated in place (its
options replaced), so importing the same file twice does not duplicate anything. Images are
stored as Wagtail images, reused by content hash.
"""

import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput

from ..models import Category, Option, Question
from . import aiken, gift, moodle_xml, multilang
from .records import LANGS, OPTION_LENGTH, Budget, check_size, decode
from .richtext import html_to_text, image_markers, plain, with_embeds

READERS = {"xml": moodle_xml.parse, "gift": gift.parse, "aiken": aiken.parse}
UNESCAPED_BRACE = re.compile(r"(?<!\\)\{")
AIKEN_ANSWER = re.compile(r"^\s*ANSWER:\s*[A-Za-z]\s*$", re.MULTILINE)
AIKEN_OPTIONS = re.compile(r"^\s*A[.)]\s+.*\n\s*B[.)]\s+", re.MULTILINE)
KHMER = re.compile("[\u1780-\u17ff]")
LAO = re.compile("[\u0e80-\u0eff]")
DEFAULT_CATEGORY = _("Imported questions")


def detect_format(data):
    """ "xml", "gift" or "aiken" from what the file holds; InvalidInput for anything else."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<quiz")):
        return "xml"
    text = decode(data)
    if (AIKEN_ANSWER.search(text) or AIKEN_OPTIONS.search(text)) and not UNESCAPED_BRACE.search(text):
        return "aiken"
    if UNESCAPED_BRACE.search(text) or "$CATEGORY:" in text:
        return "gift"
    raise InvalidInput(_("This file is not a Moodle XML, GIFT or Aiken question file."))


def read_file(data, *, language="en", max_questions=None):
    """A Parsed preview of `data` (bytes); nothing is written."""
    if language not in LANGS:
        raise InvalidInput(_("Choose the language of the file: English, Khmer or Lao."))
    check_size(data)
    budget = Budget(max_questions=max_questions) if max_questions else Budget()
    parsed = READERS[detect_format(data)](data, language=language, budget=budget)
    for item in parsed.items:
        _check_item(item)
    return parsed


def _check_item(item):
    """Warnings for what will be cut or lost when the item is stored."""
    for text in (*item.stem.values(), *item.general_feedback.values()):
        for name, _alt in image_markers(text):
            if name not in item.images:
                item.warnings.append(_("The image %(name)s is not in the file and is left out.") % {"name": name})
    for option in item.options:
        for texts in (option.text, option.match, option.feedback):
            for lang, text in texts.items():
                if len(text) > OPTION_LENGTH:
                    texts[lang] = text[: OPTION_LENGTH - 1] + "…"
                    item.warnings.append(
                        _("An answer longer than %(count)s characters is shortened.") % {"count": OPTION_LENGTH}
                    )


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    images: int = 0
    counts: dict = field(default_factory=dict)


def _language_of(text, default):
    if KHMER.search(text):
        return "km"
    if LAO.search(text):
        return "lo"
    return default


def _translated(field_name, texts):
    """The base field (English, else the first language given) and every language's field."""
    base = texts.get("en") or next((value for value in texts.values() if value), "")
    return {field_name: base, **{f"{field_name}_{lang}": texts.get(lang, "") for lang in LANGS}}


def _category_names(path, language):
    if not path:
        names = {}
        for lang in LANGS:
            with translation.override(lang):
                names[lang] = str(DEFAULT_CATEGORY)
        return names
    names = {lang: plain(html_to_text(text))[:200] for lang, text in multilang.split(path, language).items()}
    return {lang: text for lang, text in names.items() if text} or {language: path[:200]}


def _categories(bank, items, language):
    found = {}
    for path in dict.fromkeys(item.category for item in items):
        names = _category_names(path, language)
        lookup_lang = "en" if names.get("en") else next(iter(names))
        category = Category.objects.filter(bank=bank, **{f"name_{lookup_lang}": names[lookup_lang]}).first()
        if category is None:
            category = Category.objects.create(bank=bank, **_translated("name", names))
        found[path] = category
    return found


def _store_images(items, title):
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    image_model = get_image_model()
    stored = {}
    for item in items:
        for name, (data, extension) in item.images.items():
            file_hash = hashlib.sha1(data).hexdigest()  # noqa: S324  (Wagtail's own file_hash is SHA-1)
            if file_hash in stored:
                continue
            image = image_model.objects.filter(file_hash=file_hash).first()
            if image is None:
                stem = re.sub(r"[^\w.-]", "_", name.rsplit(".", 1)[0])[:60] or "image"
                image = image_model(title=f"{title}: {name}"[:255], file_hash=file_hash)
                image.file = ImageFile(io.BytesIO(data), name=f"{stem}.{extension}")
                image.file_size = len(data)
                image.save()
            stored[file_hash] = image.pk
    return stored


def _same(question, values, option_values):
    """Whether the stored question already says what the file says (re-importing it writes nothing)."""
    for name, value in values.items():
        if name in ("updated_at", "category"):
            continue
        current = getattr(question, name)
        if name in ("numeric_answer", "tolerance"):
            if (current is None) != (value is None) or (current is not None and Decimal(current) != Decimal(value)):
                return False
        elif current != value:
            return False
    if question.category_id != values["category"].pk:
        return False
    stored = sorted(question.options.all(), key=lambda option: (option.position, option.pk))
    if len(stored) != len(option_values):
        return False
    return all(
        getattr(option, name) == value
        for option, wanted in zip(stored, option_values, strict=True)
        for name, value in wanted.items()
    )


def import_parsed(*, bank, parsed, language="en"):
    """Write every item of `parsed` into `bank` in one transaction; InvalidInput if the file has errors."""
    if parsed.errors:
        raise InvalidInput(
            _("This file has %(count)s error(s); nothing was imported. Correct them and import it again.")
            % {"count": len(parsed.errors)}
        )
    if not parsed.items:
        raise InvalidInput(_("This file has no question that can be imported."))
    result = Imported(counts=parsed.counts())
    with transaction.atomic():
        categories = _categories(bank, parsed.items, language)
        hashes = _store_images(parsed.items, bank.name)
        result.images = len(hashes)
        keys = [item.source_key for item in parsed.items]
        existing = {
            q.source_key: q
            for q in Question.objects.filter(category__bank=bank, source_key__in=keys).prefetch_related("options")
        }
        new, changed, options = [], [], []
        now = timezone.now()
        seen = set()
        for item in parsed.items:
            if item.source_key in seen:
                continue  # the same question twice in one file: the first one counts
            seen.add(item.source_key)
            embeds = {
                name: hashes[hashlib.sha1(data).hexdigest()]  # noqa: S324
                for name, (data, _ext) in item.images.items()
            }
            stem = {lang: with_embeds(text, embeds) for lang, text in item.stem.items()}
            general_feedback = {lang: with_embeds(text, embeds) for lang, text in item.general_feedback.items()}
            accepted = {lang: [] for lang in LANGS}
            for answer in item.accepted:
                accepted[_language_of(answer, language)].append(answer)
            values = {
                "category": categories[item.category],
                "kind": item.kind,
                "points": item.points,
                "numeric_answer": item.number,
                "tolerance": item.tolerance,
                "source_key": item.source_key,
                "updated_at": now,
                **_translated("stem", stem),
                **_translated("general_feedback", general_feedback),
                **_translated(
                    "accepted_answers", {lang: "\n".join(lines) for lang, lines in accepted.items() if lines}
                ),
            }
            option_values = [
                {
                    "position": position,
                    "is_correct": choice.correct,
                    **_translated("text", choice.text),
                    **_translated("match", choice.match),
                    **_translated("feedback", choice.feedback),
                }
                for position, choice in enumerate(item.options, start=1)
            ]
            question = existing.get(item.source_key)
            if question is None:
                question = Question(**values)
                new.append(question)
            elif _same(question, values, option_values):
                result.unchanged += 1
                continue
            else:
                for name, value in values.items():
                    setattr(question, name, value)
                changed.append(question)
            options.extend((question, option) for option in option_values)
        Question.objects.bulk_create(new, batch_size=500)
        if changed:
            fields = [name for name in values if name != "source_key"]
            # Small batches: an UPDATE … CASE over many rows gets slow quadratically on PostgreSQL.
            Question.objects.bulk_update(changed, fields, batch_size=100)
            Option.objects.filter(question__in=changed).delete()
        Option.objects.bulk_create(
            [Option(question=question, **values) for question, values in options], batch_size=1000
        )
    result.created, result.updated = len(new), len(changed)
    return result


def import_file(*, bank, data, language="en"):
    """Read and import in one go (management command, demo): the Parsed preview and what was written."""
    parsed = read_file(data, language=language)
    return parsed, import_parsed(bank=bank, parsed=parsed, language=language)
