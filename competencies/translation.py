"""Framework names translated field by field (name_en, name_km, name_lo)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Competency, CompetencyArea, ProficiencyLevel


@register(CompetencyArea)
class CompetencyAreaTR(TranslationOptions):
    fields = ("name", "description")


@register(Competency)
class CompetencyTR(TranslationOptions):
    fields = ("name", "description")


@register(ProficiencyLevel)
class ProficiencyLevelTR(TranslationOptions):
    fields = ("name", "description")
