"""Moodle's multi-language markup: split into the platform's en/km/lo texts, and join them back.

Two forms are read: `<span lang="km" class="multilang">…</span>` (the multilang filter) and
`{mlang km}…{mlang}` (the multilang2 filter; `{mlang other}` fills languages given nowhere
else). Text outside the markup belongs to every language, as Moodle shows it. Language codes
are matched by their first part (`en_us` is en); languages the platform lacks are dropped.
"""

import html
import re

from .records import LANGS

SPAN = re.compile(
    r"""<span\s+(?:lang=["']([\w-]+)["']\s+class=["']multilang["']|class=["']multilang["']\s+lang=["']([\w-]+)["'])\s*>"""
    r"(.*?)</span>",
    re.IGNORECASE | re.DOTALL,
)
MLANG = re.compile(r"\{mlang\s+([\w,\s-]+)\}(.*?)\{mlang\}", re.IGNORECASE | re.DOTALL)


def _code(raw):
    return raw.strip().lower().replace("-", "_").split("_")[0]


def has_markup(text):
    return bool(SPAN.search(text) or MLANG.search(text))


def split(text, default_language):
    """{lang: text} from a text with or without multilang markup; untagged text goes to `default_language`."""
    text = text or ""
    segments = []  # (start, end, [codes], content)
    for match in SPAN.finditer(text):
        segments.append((match.start(), match.end(), [_code(match.group(1) or match.group(2))], match.group(3)))
    for match in MLANG.finditer(text):
        codes = [_code(code) for code in match.group(1).split(",")]
        segments.append((match.start(), match.end(), codes, match.group(2)))
    if not segments:
        return {default_language: text.strip()} if text.strip() else {}
    segments.sort()
    named = {code for _s, _e, codes, _c in segments for code in codes}
    result = {}
    for lang in LANGS:
        wanted = lang if lang in named else ("other" if "other" in named else None)
        if wanted is None:
            continue
        parts, cursor = [], 0
        for start, end, codes, content in segments:
            if start < cursor:
                continue  # a span inside an mlang block was already taken with it
            parts.append(text[cursor:start])
            if wanted in codes:
                parts.append(content)
            cursor = end
        parts.append(text[cursor:])
        value = "".join(parts).strip()
        if value:
            result[lang] = value
    return result


def join(texts, *, escape=False):
    """One text carrying every language: plain when all languages say the same, multilang spans otherwise."""
    present = [(lang, texts.get(lang) or "") for lang in LANGS if texts.get(lang)]
    if not present:
        return ""
    if len(present) == 1 and present[0][0] == "en":
        value = present[0][1]
        return html.escape(value, quote=False) if escape else value
    return "".join(
        f'<span lang="{lang}" class="multilang">{html.escape(value, quote=False) if escape else value}</span>'
        for lang, value in present
    )
