"""Surveys translated field by field: one survey, its words in Khmer, Lao and English."""

from modeltranslation.translator import TranslationOptions, register

from .models import Question, Survey


@register(Survey)
class SurveyTR(TranslationOptions):
    fields = ("title", "intro")


@register(Question)
class QuestionTR(TranslationOptions):
    fields = ("text", "low_label", "high_label", "options")
