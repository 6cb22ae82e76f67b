"""What the SCORM runtime data means: read a commit, decide completion, build the resume state.

A commit is the CMI tree scorm-again sends (`{"cmi": {...}}`). Only the fields the platform keeps
are read, each checked and bounded; the whole tree is also kept (size-bounded) for audit.

Completion, per version:
- SCORM 1.2: with a mastery score and a raw score, the status is decided by the score (raw >=
  mastery: "passed", else "failed", as the 1.2 runtime says the LMS does); otherwise the SCO's
  lesson_status. The lesson is done when the status is "passed" or "completed".
- SCORM 2004: a completion threshold with a progress measure decides completion_status; a scaled
  passing score with a scaled score decides success_status. The lesson is done when
  completion_status is "completed" and success_status is "passed" or "unknown".

Each rule is the SCO's own (its mastery score or thresholds in the manifest). A package with
several SCOs completes its lesson when every SCO is done by the rule above, each SCO's runtime
data kept apart (services.record_commit).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.errors import InvalidInput

from .manifest import VERSION_12

MAX_LOCATION = 1000
MAX_SUSPEND_DATA = 64000
MAX_SESSION_SECONDS = Decimal(24 * 3600)
SCORE_BOUND = Decimal(10) ** 7
STATUSES_12 = {"passed", "completed", "failed", "incomplete", "browsed", "not attempted", ""}
COMPLETION_2004 = {"completed", "incomplete", "not attempted", "unknown", ""}
SUCCESS_2004 = {"passed", "failed", "unknown", ""}
_TIME_12 = re.compile(r"^(\d{1,4}):([0-5]?\d):([0-5]?\d(?:\.\d{1,2})?)$")
_TIME_2004 = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$")


@dataclass
class CommitValues:
    lesson_status: str = ""
    completion_status: str = ""
    success_status: str = ""
    score_raw: Decimal | None = None
    score_min: Decimal | None = None
    score_max: Decimal | None = None
    score_scaled: Decimal | None = None
    progress_measure: Decimal | None = None
    location: str = ""
    suspend_data: str = ""
    exit: str = ""
    session_seconds: Decimal = Decimal(0)


def _bad(field):
    return InvalidInput(_("The activity sent a value the platform cannot store (%(field)s).") % {"field": field})


def _string(tree: dict, key: str, field: str, *, max_length: int) -> str:
    value = tree.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _bad(field)
    if len(value) > max_length:
        raise _bad(field)
    return value


def _number(tree: dict, key: str, field: str, *, low=-SCORE_BOUND, high=SCORE_BOUND) -> Decimal | None:
    value = tree.get(key, "")
    if value in ("", None):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _bad(field)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _bad(field) from None
    if not number.is_finite() or not low <= number <= high:
        raise _bad(field)
    return number.quantize(Decimal("0.0001"), rounding=ROUND_DOWN)


def _choice(tree: dict, key: str, field: str, allowed: set[str]) -> str:
    value = _string(tree, key, field, max_length=32)
    if value not in allowed:
        raise _bad(field)
    return value


def parse_time(value: str, version: str) -> Decimal:
    """Seconds in a SCORM duration (1.2 "HHHH:MM:SS.SS", 2004 ISO 8601 "PT1H2M3S"); bounded to a day."""
    if not value:
        return Decimal(0)
    if version == VERSION_12:
        match = _TIME_12.match(value)
        if not match:
            raise _bad("session_time")
        hours, minutes, seconds = match.groups()
        total = Decimal(hours) * 3600 + Decimal(minutes) * 60 + Decimal(seconds)
    else:
        match = _TIME_2004.match(value)
        if not match or value in ("P", "PT") or value.endswith("T"):
            raise _bad("session_time")
        years, months, days, hours, minutes, seconds = (Decimal(part or 0) for part in match.groups())
        if years or months:
            raise _bad("session_time")
        total = days * 86400 + hours * 3600 + minutes * 60 + seconds
    return min(total, MAX_SESSION_SECONDS)


def format_time(seconds: Decimal, version: str) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if version == VERSION_12:
        return f"{min(hours, 9999):04d}:{minutes:02d}:{secs:02d}"
    return f"PT{hours}H{minutes}M{secs}S"


def read_commit(payload: dict, version: str) -> CommitValues:
    """The values of a commit's CMI tree, checked; InvalidInput names the first bad field."""
    cmi = payload.get("cmi") if isinstance(payload, dict) else None
    if not isinstance(cmi, dict):
        raise InvalidInput(_("The activity's data could not be read."))
    values = CommitValues()
    values.suspend_data = _string(cmi, "suspend_data", "suspend_data", max_length=MAX_SUSPEND_DATA)
    if version == VERSION_12:
        core = cmi.get("core", {})
        if not isinstance(core, dict):
            raise _bad("core")
        score = core.get("score", {}) or {}
        if not isinstance(score, dict):
            raise _bad("score")
        values.lesson_status = _choice(core, "lesson_status", "lesson_status", STATUSES_12)
        values.location = _string(core, "lesson_location", "lesson_location", max_length=MAX_LOCATION)
        values.exit = _string(core, "exit", "exit", max_length=16)
        values.session_seconds = parse_time(_string(core, "session_time", "session_time", max_length=32), version)
    else:
        score = cmi.get("score", {}) or {}
        if not isinstance(score, dict):
            raise _bad("score")
        values.completion_status = _choice(cmi, "completion_status", "completion_status", COMPLETION_2004)
        values.success_status = _choice(cmi, "success_status", "success_status", SUCCESS_2004)
        values.location = _string(cmi, "location", "location", max_length=MAX_LOCATION)
        values.exit = _string(cmi, "exit", "exit", max_length=16)
        values.progress_measure = _number(cmi, "progress_measure", "progress_measure", low=Decimal(0), high=Decimal(1))
        values.score_scaled = _number(score, "scaled", "score.scaled", low=Decimal(-1), high=Decimal(1))
        values.session_seconds = parse_time(_string(cmi, "session_time", "session_time", max_length=64), version)
    values.score_raw = _number(score, "raw", "score.raw")
    values.score_min = _number(score, "min", "score.min")
    values.score_max = _number(score, "max", "score.max")
    return values


def decide(values: CommitValues, package, sco=None) -> bool:
    """Apply the version's rules (see the module docstring) to `values` in place; True when done.

    The thresholds are the SCO's (`sco`, a manifest.Sco), else the package's.
    """
    version, package = package.version, sco or package
    if version == VERSION_12:
        if package.mastery_score is not None and values.score_raw is not None:
            values.lesson_status = "passed" if values.score_raw >= package.mastery_score else "failed"
        return values.lesson_status in ("passed", "completed")
    if package.completion_threshold is not None and values.progress_measure is not None:
        values.completion_status = (
            "completed" if values.progress_measure >= package.completion_threshold else "incomplete"
        )
    if package.scaled_passing_score is not None and values.score_scaled is not None:
        values.success_status = "passed" if values.score_scaled >= package.scaled_passing_score else "failed"
    return values.completion_status == "completed" and values.success_status in ("passed", "unknown", "")


def bounded_json(payload: dict, max_bytes: int) -> dict:
    if len(json.dumps(payload, ensure_ascii=False).encode("utf-8")) > max_bytes:
        raise InvalidInput(_("The activity sent more data than the platform keeps."), status=413)
    return payload


def _plain(number: Decimal | None) -> str:
    return "" if number is None else format(number.normalize(), "f")


def _without_empty(tree: dict) -> dict:
    """scorm-again refuses "" for some elements (a score), so unset values are left out."""
    result = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            value = _without_empty(value)
        if value not in ("", {}, None):
            result[key] = value
    return result


def initial_state(attempt, *, learner_name: str) -> dict:
    """The CMI values a resumed (or first) launch starts from, in scorm-again's loadFromJSON shape."""
    version = attempt.package.version
    package = attempt.package.sco(attempt.sco) or attempt.package
    resumed = bool(attempt.location or attempt.suspend_data or attempt.exit == "suspend")
    entry = "resume" if resumed else "ab-initio"
    total = format_time(attempt.total_seconds, version)
    if version == VERSION_12:
        core = {
            "student_id": str(attempt.learner_id),
            "student_name": learner_name,
            "lesson_location": attempt.location,
            "entry": entry,
            "total_time": total,
            "lesson_status": attempt.lesson_status or "not attempted",
            "score": {
                "raw": _plain(attempt.score_raw),
                "min": _plain(attempt.score_min),
                "max": _plain(attempt.score_max),
            },
        }
        state = {"core": core, "suspend_data": attempt.suspend_data}
        if package.mastery_score is not None:
            state["student_data"] = {"mastery_score": _plain(package.mastery_score)}
        return _without_empty(state)
    state = {
        "learner_id": str(attempt.learner_id),
        "learner_name": learner_name,
        "location": attempt.location,
        "entry": entry,
        "total_time": total,
        "suspend_data": attempt.suspend_data,
        "completion_status": attempt.completion_status or "unknown",
        "success_status": attempt.success_status or "unknown",
        "score": {
            "scaled": _plain(attempt.score_scaled),
            "raw": _plain(attempt.score_raw),
            "min": _plain(attempt.score_min),
            "max": _plain(attempt.score_max),
        },
    }
    if package.scaled_passing_score is not None:
        state["scaled_passing_score"] = _plain(package.scaled_passing_score)
    if package.completion_threshold is not None:
        state["completion_threshold"] = _plain(package.completion_threshold)
    return _without_empty(state)
