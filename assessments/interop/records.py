"""What a reader makes of a question file: items ready to import, skipped questions and errors.

An Item holds a question in the platform's own terms (kind, texts per language, options with
their correct flag) plus the warnings about what the platform could not express; its
`source_key` (hash of category path, name and kind) identifies it again on the next import.
"""

import hashlib
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput

LANGS = [code for code, _name in settings.LANGUAGES]
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_QUESTIONS = 5000
MAX_SECONDS = 120
OPTION_LENGTH = 500


@dataclass
class Choice:
    text: dict
    correct: bool = False
    fraction: Decimal = Decimal(0)
    match: dict = field(default_factory=dict)
    feedback: dict = field(default_factory=dict)


@dataclass
class Item:
    kind: str
    source_type: str
    name: str
    position: str
    category: str = ""
    stem: dict = field(default_factory=dict)
    general_feedback: dict = field(default_factory=dict)
    points: int = 1
    options: list = field(default_factory=list)
    accepted: list = field(default_factory=list)
    number: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    warnings: list = field(default_factory=list)
    images: dict = field(default_factory=dict)
    key: str = ""

    @property
    def source_key(self):
        """The file's own id (Moodle's idnumber, as this platform exports it) or a hash of where and what."""
        if self.key:
            return self.key
        raw = "\x1f".join((self.category.strip(), self.name.strip(), self.kind))
        return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class Skipped:
    position: str
    name: str
    source_type: str
    reason: str


@dataclass
class Problem:
    position: str
    message: str


@dataclass
class Parsed:
    format: str
    items: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def counts(self):
        counts = {}
        for item in self.items:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        return counts


class Budget:
    """The bounds of one read: how many questions and how long, raising InvalidInput beyond."""

    def __init__(self, *, max_questions=MAX_QUESTIONS, seconds=MAX_SECONDS):
        self.max_questions = max_questions
        self.deadline = time.monotonic() + seconds
        self.count = 0

    def tick(self):
        self.count += 1
        if self.count > self.max_questions:
            raise InvalidInput(
                _("This file holds more than %(count)s questions; split it into smaller files.")
                % {"count": self.max_questions}
            )
        if time.monotonic() > self.deadline:
            raise InvalidInput(_("This file takes too long to read; split it into smaller files."))


def check_size(data):
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            _("This file is larger than %(size)s MB; split it into smaller files.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )


def decode(data):
    """Text of an uploaded file: UTF-8 with or without a byte order mark, any line endings."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(_("This file is not UTF-8 text; save it as UTF-8 and upload it again.")) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def apply_choice_fractions(item, fractions, *, multiple):
    """Mark the correct options from Moodle fractions (0..1) and say what the platform's grading changes.

    Single choice gives all or nothing; multiple response gives 1/N per right choice and takes
    1/N per wrong choice, N being the number of right options.
    """
    for option, value in zip(item.options, fractions, strict=True):
        option.fraction = value
    if not multiple:
        for option in item.options:
            option.correct = option.fraction >= 1
            if 0 < option.fraction < 1 or option.fraction < 0:
                item.warnings.append(
                    _("The answer “%(answer)s” gives %(percent)s%% in Moodle; here it gives nothing.")
                    % {"answer": _first(option.text), "percent": _pct(option.fraction)}
                )
        if not any(option.correct for option in item.options):
            best = max(item.options, key=lambda option: option.fraction)
            best.correct = True
            item.warnings.append(
                _("No answer gives full marks; “%(answer)s” is taken as the right one.") % {"answer": _first(best.text)}
            )
        return
    right = [option for option in item.options if option.fraction > 0]
    for option in item.options:
        option.correct = option.fraction > 0
    share = Decimal(1) / len(right) if right else Decimal(0)
    for option in item.options:
        expected = share if option.correct else -share
        if abs(option.fraction - expected) > Decimal("0.01"):
            item.warnings.append(
                _(
                    "The answer “%(answer)s” gives %(percent)s%% in Moodle; here it gives %(here)s%% "
                    "(each right choice earns, and each wrong choice loses, an equal share)."
                )
                % {"answer": _first(option.text), "percent": _pct(option.fraction), "here": _pct(expected)}
            )


def _pct(value):
    return format((value * 100).quantize(Decimal("0.01")).normalize(), "f")


def _first(texts):
    for lang in ("en", *LANGS):
        if texts.get(lang):
            return texts[lang][:60]
    return ""


def true_false_options(truth, feedback):
    """The two options of a true or false question, labelled in every language, True first."""
    from django.utils import translation

    options = []
    for value, label in ((True, _("True")), (False, _("False"))):
        text = {}
        for lang in LANGS:
            with translation.override(lang):
                text[lang] = str(label)
        options.append(
            Choice(
                text=text, correct=value is truth, fraction=Decimal(value is truth), feedback=feedback.get(value, {})
            )
        )
    return options


def accept_answers(item, answers):
    """Accepted short answers from (text, fraction) pairs: only full-credit answers are kept."""
    for text, fraction in answers:
        text = " ".join((text or "").split())
        if not text:
            continue
        if fraction >= 1:
            if "*" in text:
                item.warnings.append(
                    _("The answer “%(answer)s” uses a * wildcard, which is taken literally here.") % {"answer": text}
                )
            item.accepted.append(text)
        elif fraction > 0:
            item.warnings.append(
                _("The partly right answer “%(answer)s” is left out: short answers are right or wrong here.")
                % {"answer": text}
            )
    if not item.accepted:
        raise ValueError(_("No answer is marked right."))
