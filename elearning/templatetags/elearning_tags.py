"""Template helpers for translated content."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@dataclass
class TranslatedValue:
    value: object
    is_fallback: bool
    lang: str

    def __str__(self):
        return str(self.value)


def _is_empty(value):
    if value is None:
        return True
    if hasattr(value, "raw_data"):  # a StreamValue
        return len(value.raw_data) == 0
    return str(value).strip() == ""


@register.simple_tag
def translated(obj, field_name):
    """A translated field's value in the active language, or the English, flagged as a fallback.

    Use: {% translated page "summary" as summary %}<p{% if summary.is_fallback %} lang="en"{% endif %}>...
    """
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    own = getattr(obj, f"{field_name}_{language}", None)
    if language != settings.MODELTRANSLATION_DEFAULT_LANGUAGE and _is_empty(own):
        source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return TranslatedValue(getattr(obj, f"{field_name}_{source}", None), True, source)
    return TranslatedValue(own if own is not None else getattr(obj, field_name), False, language)
