"""Course content translated field by field: one page tree, every language in its columns."""

from modeltranslation.translator import TranslationOptions, register

from .models import CatalogPage, CoursePage, LessonPage, ModulePage


@register(CatalogPage)
class CatalogPageTR(TranslationOptions):
    fields = ("intro",)


@register(CoursePage)
class CoursePageTR(TranslationOptions):
    fields = ("summary", "learning_outcomes")


@register(ModulePage)
class ModulePageTR(TranslationOptions):
    fields = ("intro",)


@register(LessonPage)
class LessonPageTR(TranslationOptions):
    fields = ("body",)
