"""Question text between Moodle's HTML and the platform's question text.

The platform shows question stems, options and feedback as plain text; an image in a stem is
a Wagtail image, stored in the stem as Wagtail's rich-text image embed. Moodle HTML is reduced
to that with nh3 (every tag dropped, script and style with their content), after images
referenced by `@@PLUGINFILE@@` are turned into markers that the importer swaps for embeds once
the images are stored. Images from anywhere else are dropped with a warning, never hotlinked.
"""

import base64
import binascii
import html
import io
import re

import nh3
from django.utils.translation import gettext_lazy as _

IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr|blockquote|pre)\s*>", re.IGNORECASE)
MARKER = re.compile(r"\[\[image:([^|\]]+)\|([^\]]*)\]\]")
EMBED = re.compile(r'<embed embedtype="image" id="(\d+)" format="fullwidth" alt="([^"]*)"/>')
TAG = re.compile(r"</?[a-zA-Z!][^>]*>")
PLUGINFILE = "@@PLUGINFILE@@/"
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}


def _attrs(tag):
    return {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in ATTR.finditer(tag)}


def html_to_text(value, warnings=None):
    """Plain text of Moodle HTML; `<img src="@@PLUGINFILE@@/x.png">` becomes an image marker."""
    value = value or ""
    if not TAG.search(value) and "&" not in value:
        return _tidy(value)

    def image(match):
        attrs = _attrs(match.group(0))
        src = html.unescape(attrs.get("src", ""))
        alt = html.unescape(attrs.get("alt", "")).replace("]", "").replace("|", " ")
        if src.startswith(PLUGINFILE):
            name = _file_name(src[len(PLUGINFILE) :])
            return f"[[image:{name}|{alt}]]"
        if warnings is not None:
            warnings.append(_("An image from outside the file (%(src)s) is left out.") % {"src": src[:80]})
        return ""

    value = IMG.sub(image, value)
    value = BREAK.sub("\n", value)
    value = nh3.clean(value, tags=set(), attributes={}, clean_content_tags={"script", "style"})
    return _tidy(html.unescape(value))


def _file_name(path):
    from urllib.parse import unquote

    return unquote(path.split("?")[0]).rsplit("/", 1)[-1]


def _tidy(text):
    text = text.replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def plain(text):
    """Text without image markers or embeds, for options and feedback (which hold no images)."""
    return _tidy(EMBED.sub("", MARKER.sub("", text or "")))


def text_to_html(text):
    """Moodle HTML of a platform text: escaped, line breaks kept, image embeds as @@PLUGINFILE@@ images."""
    parts, cursor = [], 0
    text = text or ""
    for match in EMBED.finditer(text):
        parts.append(html.escape(text[cursor : match.start()], quote=False).replace("\n", "<br>"))
        # The embed's alt is stored escaped already.
        parts.append(f'<img src="{PLUGINFILE}image-{match.group(1)}" alt="{match.group(2)}">')
        cursor = match.end()
    parts.append(html.escape(text[cursor:], quote=False).replace("\n", "<br>"))
    return "".join(parts)


def embedded_image_ids(text):
    return [int(pk) for pk, _alt in EMBED.findall(text or "")]


def image_markers(text):
    return [(name, alt) for name, alt in MARKER.findall(text or "")]


def with_embeds(text, embeds):
    """Swap image markers for Wagtail embeds; `embeds` maps file name to image id."""

    def swap(match):
        pk = embeds.get(match.group(1))
        if pk is None:
            return ""
        return f'<embed embedtype="image" id="{pk}" format="fullwidth" alt="{html.escape(match.group(2))}"/>'

    return MARKER.sub(swap, text or "")


def decode_image(name, encoded, warnings):
    """(bytes, extension) of a base64 image that Pillow can open as PNG, JPEG, GIF or WebP within the size bounds, or None."""
    from PIL import Image, UnidentifiedImageError

    if len(encoded) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        warnings.append(_("The image %(name)s is larger than 5 MB and is left out.") % {"name": name})
        return None
    try:
        data = base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        warnings.append(_("The image %(name)s is damaged and is left out.") % {"name": name})
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS or image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValueError(image.format)
            image.verify()
            extension = IMAGE_FORMATS[image.format]
    except (UnidentifiedImageError, ValueError, OSError, SyntaxError, Image.DecompressionBombError):
        warnings.append(
            _("The image %(name)s is not a PNG, JPEG, GIF or WebP picture of a sensible size and is left out.")
            % {"name": name}
        )
        return None
    return data, extension
