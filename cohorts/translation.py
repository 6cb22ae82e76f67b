"""Cohort texts people read, translated field by field."""

from modeltranslation.translator import TranslationOptions, register

from .models import Cohort, Meeting


@register(Cohort)
class CohortTR(TranslationOptions):
    fields = ("title", "venue", "materials")


@register(Meeting)
class MeetingTR(TranslationOptions):
    fields = ("venue",)
