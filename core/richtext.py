"""Rich text that did not come from Wagtail's editor, brought into Wagtail's own stored format.

`sanitise` takes HTML from anywhere (a Moodle file, a translator's PO file) and returns what the
editor would have saved for the same content with the given features: nh3 drops every tag and
attribute outside a small list (scripts and styles with their content, links other than http,
https and mailto), then Wagtail's contentstate converter rebuilds the HTML from the features
only, so nothing a learner is shown can carry markup the editor could not have made.
`from_plain_text` escapes a plain text into paragraphs (line breaks kept); `to_plain_text` reads
rich text as plain text (listings, exports, an attempt's title).
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    *("p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"),
    *("b", "strong", "i", "em", "ul", "ol", "li", "a", "embed"),
    *("table", "thead", "tbody", "tr", "td", "th"),
}
ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id"}, "embed": {"embedtype", "id", "format", "alt"}}
URL_SCHEMES = {"http", "https", "mailto"}
TAG = re.compile(r"</?[a-zA-Z!][^>]*>")
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')
VOID = re.compile(r"<(br|embed)\b([^>]*?)\s*/?>", re.IGNORECASE)
CELL_END = re.compile(r"</(td|th)>", re.IGNORECASE)
EMBED = re.compile(r"<embed\b[^>]*/?>", re.IGNORECASE)
TRAILING_BREAK = re.compile(r"(?:<br/>)+(</(?:p|li)>)")
EMPTY_PARAGRAPH = re.compile(r"<p>(?:<br/>)*</p>")
BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr|blockquote|pre)\s*>", re.IGNORECASE)
ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
# An image embed as Wagtail writes it, so text written by the importer before this module existed
# (a literal embed tag in a plain text) becomes the image it meant.
LEGACY_EMBED = re.compile(r'<embed embedtype="image" id="(\d+)" format="(\w+)" alt="([^"<>]*)"/>')


def attributes(tag: str) -> dict:
    """The attributes of one HTML tag, names lower-cased, values unescaped."""
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "") for m in ATTR.finditer(tag)}


def _converter(features):
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    return ContentstateConverter(list(features))


def sanitise(value: str, features, *, embeds: bool = True) -> str:
    """Wagtail's stored rich text of `value` (HTML or plain text), holding only `features`.

    With `embeds=False` image embeds in `value` are dropped (a file names no image of this site).
    """
    value = value or ""
    if not value.strip():
        return ""
    if not TAG.search(value):
        value = from_plain_text(html.unescape(value)) if "&" in value else from_plain_text(value)
    value = CELL_END.sub(" </\\1>", value)
    value = nh3.clean(
        value,
        tags=ALLOWED_TAGS if embeds else ALLOWED_TAGS - {"embed"},
        attributes=ALLOWED_ATTRIBUTES if embeds else {"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        clean_content_tags={"script", "style"},
    )
    # The converter reads void elements only in their XML form.
    value = VOID.sub(lambda m: f"<{m.group(1).lower()}{m.group(2)}/>", value)
    converter = _converter(features)
    stored = converter.to_database_format(converter.from_database_format(value))
    # Block keys are random: without them the same input always gives the same output (re-imports).
    stored = BLOCK_KEY.sub("", stored)
    # Line breaks that end a block and the empty paragraphs the converter puts around images say nothing.
    stored = TRAILING_BREAK.sub(r"\1", stored)
    return EMPTY_PARAGRAPH.sub("", stored)


def from_plain_text(text: str) -> str:
    """A plain text as rich text: escaped, one paragraph per blank-line-separated part, line breaks kept."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    paragraphs = []
    for part in re.split(r"\n\s*\n", text):
        lines = [html.escape(line.strip(), quote=False) for line in part.split("\n")]
        paragraphs.append("<p>" + "<br/>".join(line for line in lines if line) + "</p>")
    return "".join(paragraphs)


def legacy_text_to_html(text: str) -> str:
    """Plain text saved before question text was rich: escaped paragraphs, its image embeds kept as images."""
    parts, cursor = [], 0
    text = text or ""
    for match in LEGACY_EMBED.finditer(text):
        parts.append(from_plain_text(text[cursor : match.start()]))
        alt = html.escape(html.unescape(match.group(3)))
        parts.append(f'<embed embedtype="image" id="{match.group(1)}" format="{match.group(2)}" alt="{alt}"/>')
        cursor = match.end()
    parts.append(from_plain_text(text[cursor:]))
    return "".join(parts)


def to_plain_text(value: str) -> str:
    """The words of a rich text, one line per block, images as nothing."""
    value = EMBED.sub("", value or "")
    value = BREAK.sub("\n", value)
    value = html.unescape(TAG.sub("", value)).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in value.split("\n")]
    return "\n".join(line for line in lines if line)
