"""Checks on text that people type and that the platform prints (names on certificates, imports)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Khmer and Lao need the zero-width joiner and non-joiner to shape some clusters; every other
# format character (bidi overrides and isolates, zero-width space, BOM) can disguise a name.
ALLOWED_FORMAT_CHARACTERS = {"\u200c", "\u200d"}


def unsafe_characters(text):
    """The control and format characters in `text` that a name must not hold."""
    found = []
    for character in text or "":
        category = unicodedata.category(character)
        if category == "Cc" or (category == "Cf" and character not in ALLOWED_FORMAT_CHARACTERS):
            found.append(character)
    return found


def validate_printable_name(value):
    """Refuse control characters (NUL, tabs, line breaks) and hidden format characters in a name."""
    if unsafe_characters(value):
        raise ValidationError(
            _("Names cannot contain hidden or control characters. Please type the name again."),
            code="unsafe_characters",
        )
