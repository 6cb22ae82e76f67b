"""Checks on what people type and the platform prints: names (certificates, imports) and placements."""

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


def validate_placement(*, country, province, office=None, position=None):
    """Check that one person's place in the organisation is consistent; raise ValidationError if not.

    The one rule for a staff placement, shared by the profile and sign-up forms, the model's
    `clean` (so the Wagtail admin) and the staff import. Arguments are model instances or None
    (people.models Country, Province, Office, Position); resolve codes to instances first.

    - the province lies in the country;
    - the office, when given, lies in the province;
    - the position, when given, is a saved Position.

    Missing country or province are not reported here: they are required fields, and each caller
    reports a missing value with its own field message. Raises
    `django.core.exceptions.ValidationError` with a dict keyed by field name ("province",
    "office", "position"), so a form can `add_error(None, error)` and an importer can map the
    keys to its columns; returns None when the placement is consistent.
    """
    errors = {}
    if country is not None and province is not None and province.country_id != country.pk:
        errors["province"] = ValidationError(_("This province is not in the chosen country."), code="province_country")
    if office is not None:
        if province is not None and office.province_id != province.pk:
            errors["office"] = ValidationError(_("This office is not in the chosen province."), code="office_province")
    if position is not None and position.pk is None:
        errors["position"] = ValidationError(_("Choose a position from the list."), code="position_unknown")
    if errors:
        raise ValidationError(errors)
