"""Question text between Moodle's HTML and the platform's question text.

A question's stem and general feedback are Wagtail rich text (bold, italic, lists, links,
images: models.QUESTION_TEXT_FEATURES); options and their feedback are plain text. Moodle HTML
becomes rich text through core.richtext.sanitise, after images referenced by `@@PLUGINFILE@@`
are turned into markers that the importer swaps for Wagtail image embeds once the images are
stored. Images from anywhere else are dropped with a warning, never hotlinked. On the way out,
embeds become `@@PLUGINFILE@@` images again (their files travel in the Moodle XML).
"""

import base64
import binascii
import html
import io
import re

import nh3
from django.utils.translation import gettext_lazy as _

from core.richtext import attributes, sanitise

IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr|blockquote|pre)\s*>", re.IGNORECASE)
MARKER = re.compile(r"\[\[image:([^|\]]+)\|([^\]]*)\]\]")
EMBED = re.compile(r"<embed\b[^>]*>", re.IGNORECASE)
TAG = re.compile(r"</?[a-zA-Z!][^>]*>")
PLUGINFILE = "@@PLUGINFILE@@/"
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}


def _markers(value, warnings):
    """`<img src="@@PLUGINFILE@@/x.png" alt="…">` as an image marker; any other image left out with a warning."""

    def image(match):
        attrs = attributes(match.group(0))
        src = attrs.get("src", "")
        alt = attrs.get("alt", "").replace("]", "").replace("|", " ")
        if src.startswith(PLUGINFILE):
            name = _file_name(src[len(PLUGINFILE) :])
            return f"[[image:{html.escape(name)}|{html.escape(alt)}]]"
        if warnings is not None:
            warnings.append(_("An image from outside the file (%(src)s) is left out.") % {"src": src[:80]})
        return ""

    return IMG.sub(image, value)


def html_to_rich(value, warnings=None):
    """Rich text (Wagtail's stored format) of Moodle HTML or plain text, images as markers for `with_embeds`."""
    from ..models import QUESTION_TEXT_FEATURES

    return sanitise(_markers(value or "", warnings), QUESTION_TEXT_FEATURES, embeds=False)


def html_to_text(value, warnings=None):
    """Plain text of Moodle HTML; `<img src="@@PLUGINFILE@@/x.png">` becomes an image marker."""
    value = value or ""
    if not TAG.search(value) and "&" not in value:
        return _tidy(value)
    value = _markers(value, warnings)
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
    """Moodle HTML of a plain platform text (an option, its feedback): escaped, line breaks kept."""
    return html.escape(text or "", quote=False).replace("\n", "<br>")


def rich_to_html(value):
    """Moodle HTML of a rich text: image embeds as @@PLUGINFILE@@ images, links to pages as their URLs."""
    from wagtail.rich_text import expand_db_html

    images = []

    def image(match):
        attrs = attributes(match.group(0))
        if attrs.get("embedtype") != "image" or not attrs.get("id", "").isdigit():
            return ""
        images.append(f'<img src="{PLUGINFILE}image-{attrs["id"]}" alt="{html.escape(attrs.get("alt", ""))}">')
        return f"\x00{len(images) - 1}\x00"

    value = EMBED.sub(image, value or "")
    if "linktype=" in value:
        value = expand_db_html(value)
    return re.sub(r"\x00(\d+)\x00", lambda m: images[int(m.group(1))], value)


def embedded_image_ids(text):
    ids = []
    for tag in EMBED.findall(text or ""):
        attrs = attributes(tag)
        if attrs.get("embedtype") == "image" and attrs.get("id", "").isdigit():
            ids.append(int(attrs["id"]))
    return ids


def image_markers(text):
    return [(html.unescape(name), alt) for name, alt in MARKER.findall(text or "")]


def with_embeds(text, embeds):
    """Swap image markers for Wagtail embeds (`embeds` maps file name to image id), as stored rich text."""
    from ..models import QUESTION_TEXT_FEATURES

    if not MARKER.search(text or ""):
        return text or ""

    def swap(match):
        pk = embeds.get(html.unescape(match.group(1)))
        if pk is None:
            return ""
        alt = html.escape(html.unescape(match.group(2)))
        return f'<embed embedtype="image" id="{pk}" format="fullwidth" alt="{alt}"/>'

    return sanitise(MARKER.sub(swap, text), QUESTION_TEXT_FEATURES)


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
