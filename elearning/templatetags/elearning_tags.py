"""Template helpers for translated content."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.translation import get_language, pgettext_lazy

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


# The countries' IANA zone ids name a city in English with an underscore ("Asia/Phnom_Penh"); a
# sentence in Khmer or Lao names the city in its own script instead.
TIME_ZONE_NAMES = {
    "Asia/Phnom_Penh": pgettext_lazy("time zone", "Phnom Penh"),
    "Asia/Vientiane": pgettext_lazy("time zone", "Vientiane"),
    "Asia/Bangkok": pgettext_lazy("time zone", "Bangkok"),
    "Asia/Ho_Chi_Minh": pgettext_lazy("time zone", "Ho Chi Minh City"),
    "UTC": pgettext_lazy("time zone", "UTC"),
}


@register.filter
def time_zone_name(zone_id):
    """A time zone's translated place name, for sentences: {{ cohort.country.timezone|time_zone_name }}.

    An unknown id is shown as its city, without the region and underscores (never a raw id).
    """
    key = str(zone_id or "")
    if key in TIME_ZONE_NAMES:
        return TIME_ZONE_NAMES[key]
    return key.rsplit("/", 1)[-1].replace("_", " ")
