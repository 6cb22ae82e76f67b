"""The admin forms of questions and quizzes: a question is saved only if learners can answer it and it can be graded.

QuestionAdminForm is the `base_form_class` of Question. With its options formset it clears what the
kind of question does not use (so a key left behind by another kind never reaches a learner) and
asks the one rule (models.option_problems, Question.clean) whether the answer key is complete;
every message is translated and sits on the field or the list of options it is about.
"""

from django.conf import settings
from wagtail.admin.forms import WagtailAdminModelForm


def _languages():
    return settings.MODELTRANSLATION_LANGUAGES


class QuestionAdminForm(WagtailAdminModelForm):
    class Media:
        js = ["assessments/admin/question_form.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = self.formsets.get("options")
        if options is not None and "kind" in self.fields:
            # The option panels hide what the kind does not use, like the question's own panels.
            for form in options.forms:
                form.question_kind = self["kind"].value()

    def clean(self):
        from .models import OPTION_KINDS, QuestionKind

        cleaned_data = super().clean()
        kind = cleaned_data.get("kind")
        if not kind:
            return cleaned_data
        if kind != QuestionKind.NUMERIC:
            cleaned_data["numeric_answer"] = None
            cleaned_data["tolerance"] = 0
            for name in ("numeric_answer", "tolerance"):
                self._errors.pop(name, None)  # a hidden field's error could never be fixed
        if kind != QuestionKind.SHORT_TEXT:
            for lang in _languages():
                cleaned_data[f"accepted_answers_{lang}"] = ""
        options = self.formsets.get("options")
        if options is not None and kind in OPTION_KINDS:
            self._check_options(kind, options)
        return cleaned_data

    def _live_option_forms(self, formset):
        formset.errors  # noqa: B018 - runs the formset's own checks once, so that its error list exists
        forms = []
        for form in formset.forms:
            if not form.is_valid():
                return None  # the option's own errors come first
            if formset.can_delete and formset._should_delete_form(form):
                continue
            if form.empty_permitted and not form.has_changed():
                continue
            forms.append(form)
        return forms

    def _check_options(self, kind, formset):
        from django.utils.translation import gettext as _

        from .models import QuestionKind, option_problems

        forms = self._live_option_forms(formset)
        if forms is None:
            return
        options = []
        for form in forms:
            data, option = form.cleaned_data, form.instance
            # The option's instance is already built from its data: clear on both.
            if kind != QuestionKind.MATCHING:
                for lang in _languages():
                    data[f"match_{lang}"] = ""
                    setattr(option, f"match_{lang}", "")
            if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE):
                data["is_correct"] = option.is_correct = False
                for lang in _languages():
                    data[f"feedback_{lang}"] = ""
                    setattr(option, f"feedback_{lang}", "")
            if kind == QuestionKind.MATCHING and not (data.get("match_en") or "").strip():
                form.add_error("match_en", _("Give this item its matching answer."))
            options.append({"is_correct": data.get("is_correct", False), "match": data.get("match_en", "")})
        problems = option_problems(kind, options)
        if problems:
            formset._non_form_errors.extend(problems)

    def save(self, commit=True):
        from .models import OPTION_KINDS, Option

        question = super().save(commit=commit)
        if commit and question.kind not in OPTION_KINDS:
            # A number or short text question has no options; any left from another kind go.
            Option.objects.filter(question=question).delete()
        return question


class QuizAdminForm(WagtailAdminModelForm):
    """The quiz form: its script opens the module and lesson choosers inside the chosen course."""

    class Media:
        js = ["assessments/admin/quiz_form.js"]
