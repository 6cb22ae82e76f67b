"""The survey as a learner answers it, and the results filters (offering only groups the viewer may read)."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from people.models import Sex

from .models import RATING_MAX, RATING_MIN, Disclosure, Question

TEXT_MAX = 2000
ERRORS = {
    "required": _("Please answer this question."),
    "invalid_choice": _("Choose one of the answers offered."),
    "invalid_list": _("Choose one of the answers offered."),
    "max_length": _("Please keep your answer under %(limit_value)d characters."),
}


def field_name(question):
    return f"q{question.pk}"


def rating_choices(question):
    choices = []
    for value in range(RATING_MIN, RATING_MAX + 1):
        label = str(value)
        if value == RATING_MIN and question.low_label:
            label = f"{value} – {question.low_label}"
        elif value == RATING_MAX and question.high_label:
            label = f"{value} – {question.high_label}"
        choices.append((value, label))
    return choices


class SurveyForm(forms.Form):
    """One field per question, in the editors' order; the labels in the reader's language."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        language = get_language()
        for question in self.questions:
            common = {"label": question.text, "required": question.required, "error_messages": ERRORS}
            if question.kind == Question.Kind.RATING:
                field = forms.TypedChoiceField(
                    choices=rating_choices(question), coerce=int, widget=forms.RadioSelect, **common
                )
            elif question.kind == Question.Kind.SINGLE:
                field = forms.TypedChoiceField(
                    choices=list(enumerate(question.option_list(language))),
                    coerce=int,
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=list(enumerate(question.option_list(language))),
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    **common,
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX, strip=True, **common
                )
            self.fields[field_name(question)] = field

    def answers(self):
        """{question: value} of the answered questions (None, "" and [] left out)."""
        found = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value not in (None, "", []):
                found[question] = value
        return found


class ResultsFilterForm(forms.Form):
    """Course first; the other choices are the groups present in the answers the viewer may read."""

    course = forms.TypedChoiceField(label=_("Course"), coerce=int, required=False, empty_value=None)
    cohort = forms.ChoiceField(label=_("Cohort"), required=False)
    province = forms.TypedChoiceField(label=_("Province"), coerce=int, required=False, empty_value=None)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", _("All"))] + list(Sex.choices), required=False)
    disability = forms.ChoiceField(
        label=_("Disability"), choices=[("", _("Everyone"))] + list(Disclosure.choices), required=False
    )

    def __init__(self, data=None, *, courses, cohorts, provinces):
        super().__init__(data)
        self.fields["course"].choices = [("", _("Choose a course"))] + [(c.pk, c.title) for c in courses]
        self.fields["cohort"].choices = [("", _("All"))] + [(str(c.public_id), c.title) for c in cohorts]
        self.fields["province"].choices = [("", _("All"))] + [(p.pk, p.name) for p in provinces]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Choose from the list.")
