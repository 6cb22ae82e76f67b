"""When a group's answers may be shown: the anonymity rules, in one place.

A group is a set of responses (a course, a cohort, a province, women, a filtered view). Its figures
and its free-text answers are shown only when it holds at least `minimum_answers()` responses
(setting EVALUATION_MIN_ANSWERS, default 5). Two more rules keep a small group from being worked
out by subtraction:

- In a breakdown (by province, sex, disability, cohort), the hidden groups together must hold
  none or at least the minimum: otherwise the next smallest groups are hidden too (with women
  19 and men 1, both are hidden, since the course total minus women would give the one man).
- A filtered view is shown only when, for each filter, the answers the filter leaves out (the
  same view without that filter, minus this one) are none or at least the minimum: a filter
  cannot isolate a small group by difference with the wider view.

Known limit: views combining several filters are checked filter by filter, not against every
combination of cells (for that, disclosure control software such as sdcMicro or tau-Argus).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULT_MINIMUM = 5


def minimum_answers() -> int:
    return max(1, int(getattr(settings, "EVALUATION_MIN_ANSWERS", DEFAULT_MINIMUM)))


@dataclass(frozen=True)
class Verdict:
    shown: bool
    reason: str = ""


def too_few(minimum):
    return str(_("Fewer than %(minimum)s answers: not shown, so that no one can be recognised.") % {"minimum": minimum})


def left_out_too_few(minimum):
    return str(
        _(
            "This filter leaves out fewer than %(minimum)s answers of the wider view: not shown, so that "
            "no one can be recognised by comparing the two."
        )
        % {"minimum": minimum}
    )


def view_verdict(count: int, wider_counts: list[int], *, minimum: int | None = None) -> Verdict:
    """Whether a (filtered) view of `count` answers may be shown; `wider_counts` are the same view
    with one filter removed, one per active filter."""
    minimum = minimum or minimum_answers()
    if count < minimum:
        return Verdict(False, too_few(minimum))
    for wider in wider_counts:
        left_out = wider - count
        if 0 < left_out < minimum:
            return Verdict(False, left_out_too_few(minimum))
    return Verdict(True)


def breakdown_shown(counts: dict, *, minimum: int | None = None) -> dict:
    """{group: shown} for one breakdown: small groups hidden, and more if the hidden sum is small."""
    minimum = minimum or minimum_answers()
    shown = {key: n >= minimum for key, n in counts.items()}
    while True:
        hidden = sum(n for key, n in counts.items() if not shown[key])
        visible = [key for key in counts if shown[key]]
        if hidden == 0 or hidden >= minimum or not visible:
            return shown
        smallest = min(visible, key=lambda key: (counts[key], str(key)))
        shown[smallest] = False
