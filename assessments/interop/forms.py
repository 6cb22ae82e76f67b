"""Forms of the question import and export admin views."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import QuestionBank, Quiz
from .records import MAX_FILE_BYTES


class ImportForm(forms.Form):
    bank = forms.ModelChoiceField(label=_("Question bank"), queryset=QuestionBank.objects.none())
    language = forms.ChoiceField(
        label=_("Language of text without language markup"), choices=settings.LANGUAGES, initial="en"
    )
    file = forms.FileField(
        label=_("Question file"), help_text=_("Moodle XML, GIFT or Aiken; the format is read from the file.")
    )

    def __init__(self, *args, banks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = banks

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(size)s MB; split it into smaller files.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


class ExportForm(forms.Form):
    bank = forms.ModelChoiceField(label=_("Question bank"), queryset=QuestionBank.objects.none(), required=False)
    quiz = forms.ModelChoiceField(label=_("Quiz"), queryset=Quiz.objects.none(), required=False)
    format = forms.ChoiceField(label=_("Format"), choices=[("xml", "Moodle XML"), ("gift", "GIFT")])

    def __init__(self, *args, banks, quizzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = banks
        self.fields["quiz"].queryset = quizzes

    def clean(self):
        data = super().clean()
        if bool(data.get("bank")) == bool(data.get("quiz")):
            raise forms.ValidationError(_("Choose a question bank or a quiz."))
        return data
