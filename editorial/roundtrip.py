"""The translator's round trip: a course's texts out as a PO file for one language, and back in.

Each entry's msgctxt names the object, the field (and for a lesson body, the block and its part)
and a hash of the English source: `courses.lessonpage:42:body/5f1c…/alt_text:3a9e0c1d2b4f`. On the
way back, an entry whose English has changed since the export is outdated (listed, never applied),
a file for another course is refused, and the changes are applied in one transaction: all of them
or none. A lesson body is applied only when every string of it is translated in the file, since
its translated stream is rebuilt from the English blocks.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field

import polib
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from core.errors import InvalidInput
from core.richtext import sanitise

from .status import SOURCE_LANGUAGE, TARGET_LANGUAGES, is_empty, page_fields

COURSE_HEADER = "X-Course-Id"
MAX_FILE_BYTES = 5 * 1024 * 1024
_TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.RichTextBlock)
# What a rich text field without its own feature list allows (Wagtail's default editor features).
DEFAULT_RICH_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "hr",
    "link",
    "document-link",
    "image",
    "embed",
]


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class Unit:
    """One translatable string: an object's field, or one text inside a lesson body's block."""

    obj: object
    field: str
    path: str  # "" for a plain field; "<block id>" or "<block id>/<child>" inside a StreamField
    source: str

    @property
    def label(self) -> str:
        meta = self.obj._meta
        return f"{meta.app_label}.{meta.model_name}:{self.obj.pk}:{self.field}" + (f"/{self.path}" if self.path else "")

    @property
    def context(self) -> str:
        return f"{self.label}:{source_hash(self.source)}"

    def current(self, language: str) -> str:
        if not self.path:
            value = getattr(self.obj, f"{self.field}_{language}", None)
            return "" if is_empty(value) else str(value)
        return _stream_text(getattr(self.obj, f"{self.field}_{language}", None), self.path)

    @property
    def field_label(self) -> str:
        return str(self.obj._meta.get_field(self.field).verbose_name)

    @property
    def rich_features(self):
        """The features of a rich text field (its translations are sanitised to them), else None."""
        if self.path:
            return None
        model_field = self.obj._meta.get_field(self.field)
        if not isinstance(model_field, RichTextField):
            return None
        return model_field.features or DEFAULT_RICH_FEATURES


@dataclass
class Change:
    unit: Unit
    old: str
    new: str

    @property
    def rich(self) -> bool:
        return self.unit.rich_features is not None


@dataclass
class ImportPlan:
    course: object
    language: str
    changes: list[Change] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)


# -- what a course holds ---------------------------------------------------------------------------


def _editing_state(page):
    """The page as an editor last saved it (its latest revision), which is what gets translated."""
    return page.specific.get_latest_revision_as_object()


def _stream_units(obj, name, stream_block):
    raw = getattr(obj, f"{name}_{SOURCE_LANGUAGE}", None)
    units = []
    for item in getattr(raw, "raw_data", None) or []:
        child = stream_block.child_blocks.get(item.get("type"))
        value = item.get("value")
        if isinstance(child, _TEXT_BLOCKS) and isinstance(value, str) and value.strip():
            units.append(Unit(obj, name, item["id"], value))
        elif isinstance(child, blocks.StructBlock) and isinstance(value, dict):
            for key, sub in child.child_blocks.items():
                text = value.get(key)
                if isinstance(sub, _TEXT_BLOCKS) and isinstance(text, str) and text.strip():
                    units.append(Unit(obj, name, f"{item['id']}/{key}", text))
    return units


def _stream_text(stream, path) -> str:
    block_id, _slash, key = path.partition("/")
    for item in getattr(stream, "raw_data", None) or []:
        if item.get("id") == block_id:
            value = item.get("value")
            if key:
                return (value or {}).get(key) or "" if isinstance(value, dict) else ""
            return value if isinstance(value, str) else ""
    return ""


def units_of(obj, fields) -> list[Unit]:
    units = []
    for name in fields:
        model_field = obj._meta.get_field(f"{name}_{SOURCE_LANGUAGE}")
        if isinstance(model_field, StreamField):
            units += _stream_units(obj, name, model_field.stream_block)
            continue
        source = getattr(obj, f"{name}_{SOURCE_LANGUAGE}", None)
        if not is_empty(source):
            units.append(Unit(obj, name, "", str(source)))
    return units


def course_objects(course):
    """(object, translated fields) for everything a translator translates in a course."""
    from assessments.models import Option, Question, Quiz, QuizDraw, QuizItem
    from certificates.models import CertificateTemplate

    pages = Page.objects.descendant_of(course, inclusive=True).order_by("path").specific()
    found = [(state, page_fields(state)) for state in map(_editing_state, pages)]
    quizzes = list(Quiz.objects.filter(course=course).order_by("pk"))
    found += [(quiz, ["title", "intro"]) for quiz in quizzes]
    questions = Question.objects.filter(
        Q(pk__in=QuizItem.objects.filter(quiz__course=course).values("question_id"))
        | Q(category__in=QuizDraw.objects.filter(quiz__course=course).values("category_id"))
        | Q(category__bank__course=course)
    ).order_by("pk")
    questions = list(questions.distinct())
    found += [(question, ["stem", "general_feedback", "accepted_answers"]) for question in questions]
    options = Option.objects.filter(question__in=questions).order_by("question_id", "position", "pk")
    found += [(option, ["text", "match", "feedback"]) for option in options]
    templates = CertificateTemplate.objects.filter(course=course).order_by("pk")
    found += [(template, ["title", "body", "issuer"]) for template in templates]
    return found


def course_units(course) -> list[Unit]:
    return [unit for obj, fields in course_objects(course) for unit in units_of(obj, fields)]


# -- export ----------------------------------------------------------------------------------------


def export_po(course, language: str) -> polib.POFile:
    if language not in TARGET_LANGUAGES:
        raise InvalidInput(_("Translations can be exported for Khmer or Lao only."))
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"course {course.pk}",
        COURSE_HEADER: str(course.pk),
        "X-Course-Title": course.title,
        "Language": language,
        "POT-Creation-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for unit in course_units(course):
        po.append(
            polib.POEntry(
                msgctxt=unit.context,
                msgid=unit.source,
                msgstr=unit.current(language),
                comment=f"{unit.obj._meta.verbose_name}: {unit.obj} ({unit.field_label})",
            )
        )
    return po


# -- import ----------------------------------------------------------------------------------------


def read_po(data: bytes) -> polib.POFile:
    """Parse an uploaded file, or say in the reader's language why it cannot be read (400)."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(_("The file is too large (at most 5 MB)."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(_("The file is not a translation file in UTF-8 (a .po file).")) from None
    try:
        po = polib.pofile(text)
    except (OSError, ValueError):
        raise InvalidInput(_("The file could not be read as a translation file (.po): it is damaged.")) from None
    if not po.metadata.get(COURSE_HEADER):
        raise InvalidInput(_("This file was not exported from a course here: it does not say which course it is."))
    return po


def plan_import(course, po: polib.POFile) -> ImportPlan:
    """What importing `po` would change, without changing anything."""
    if po.metadata.get(COURSE_HEADER) != str(course.pk):
        raise InvalidInput(_("This file belongs to another course. Export the file again from this course."))
    language = (po.metadata.get("Language") or "").split("_")[0].split("-")[0]
    if language not in TARGET_LANGUAGES:
        raise InvalidInput(_("The file's language must be Khmer (km) or Lao (lo)."))
    plan = ImportPlan(course=course, language=language)
    units = {unit.label: unit for unit in course_units(course)}
    translated = {}
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgstr.strip():
            continue
        label, _colon, digest = (entry.msgctxt or "").rpartition(":")
        unit = units.get(label)
        if unit is None:
            plan.unknown.append(entry.msgctxt or entry.msgid[:60])
        elif digest != source_hash(unit.source):
            plan.outdated.append(label)
        else:
            translated[label] = entry.msgstr
    by_stream: dict[tuple, list[Unit]] = {}
    for unit in units.values():
        if unit.path:
            by_stream.setdefault((unit.obj._meta.label, unit.obj.pk, unit.field), []).append(unit)
    for stream_units in by_stream.values():
        wanted = [unit.label in translated for unit in stream_units]
        if any(wanted) and not all(wanted):
            # A translated stream is rebuilt from the English blocks: half of it would stay English.
            plan.incomplete.append(f"{stream_units[0].obj}: {stream_units[0].field_label}")
            for unit in stream_units:
                translated.pop(unit.label, None)
    for label, new in translated.items():
        unit = units[label]
        if unit.rich_features is not None:
            # A translator's HTML is brought to what the field's editor could have saved (no scripts).
            new = sanitise(new, unit.rich_features)
        old = unit.current(language)
        if new != old:
            plan.changes.append(Change(unit, old, new))
    return plan


@transaction.atomic
def apply_import(*, course, po: polib.POFile, user) -> ImportPlan:
    """Apply the file's changes in one transaction: every change, or none if anything fails."""
    plan = plan_import(course, po)
    by_object: dict[tuple, list[Change]] = {}
    for change in plan.changes:
        by_object.setdefault((change.unit.obj._meta.label, change.unit.obj.pk), []).append(change)
    for changes in by_object.values():
        obj = changes[0].unit.obj
        stream_changes: dict[str, list[Change]] = {}
        for change in changes:
            if change.unit.path:
                stream_changes.setdefault(change.unit.field, []).append(change)
            else:
                setattr(obj, f"{change.unit.field}_{plan.language}", change.new)
        for name, those in stream_changes.items():
            # Strings the file leaves as they are keep their current translation.
            new_by_path = {u.path: u.current(plan.language) for u in units_of(obj, [name])}
            new_by_path.update({c.unit.path: c.new for c in those})
            setattr(obj, f"{name}_{plan.language}", _rebuild_stream(obj, name, new_by_path))
        _save(obj, plan.language, {c.unit.field for c in changes}, user)
    return plan


def _rebuild_stream(obj, name, text_by_path):
    raw = copy.deepcopy(list(getattr(obj, f"{name}_{SOURCE_LANGUAGE}").raw_data))
    for item in raw:
        if item["id"] in text_by_path:
            item["value"] = text_by_path[item["id"]]
        elif isinstance(item.get("value"), dict):
            for key in list(item["value"]):
                path = f"{item['id']}/{key}"
                if path in text_by_path:
                    item["value"][key] = text_by_path[path]
    return raw


def _save(obj, language, fields, user):
    if isinstance(obj, Page):
        live = Page.objects.filter(pk=obj.pk).values_list("live", "has_unpublished_changes").first()
        revision = obj.save_revision(user=user, log_action=True)
        # A live page without a pending draft is published at once; a pending draft stays a draft,
        # so an import never publishes someone else's unfinished English edit.
        if live and live[0] and not live[1]:
            revision.publish(user=user)
        return
    obj.save(update_fields=[f"{name}_{language}" for name in fields])
