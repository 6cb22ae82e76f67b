"""Question and quiz content translated field by field (stem, options, feedback)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Option, Question, QuestionBank, Quiz


@register(QuestionBank)
class QuestionBankTR(TranslationOptions):
    fields = ("name",)


@register(Category)
class CategoryTR(TranslationOptions):
    fields = ("name",)


@register(Question)
class QuestionTR(TranslationOptions):
    fields = ("stem", "general_feedback", "accepted_answers")


@register(Option)
class OptionTR(TranslationOptions):
    fields = ("text", "match", "feedback")


@register(Quiz)
class QuizTR(TranslationOptions):
    fields = ("title", "intro")
