"""Reference names translated field by field (name_en, name_km, name_lo)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Country, Office, Position, Province


@register(Country)
class CountryTR(TranslationOptions):
    fields = ("name",)


@register(Province)
class ProvinceTR(TranslationOptions):
    fields = ("name",)


@register(Office)
class OfficeTR(TranslationOptions):
    fields = ("name",)


@register(Position)
class PositionTR(TranslationOptions):
    fields = ("name",)
