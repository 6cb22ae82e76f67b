"""The search box: a query cut into words, and what to search (content, or people for HR planners)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import segmentation

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=MAX_QUERY_LENGTH,
        required=True,
        help_text=_("Words in Khmer, Lao or English. Khmer and Lao may be typed without spaces."),
        error_messages={
            "required": _("Type a word to search for."),
            "max_length": _("The search is too long: use at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Search in"),
        required=False,
        choices=[("", _("Courses and lessons")), ("people", _("Staff"))],
        error_messages={"invalid_choice": _("There is nothing called “%(value)s” to search in.")},
    )

    def __init__(self, *args, may_search_people=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_search_people:
            # Still read (a request for people is refused with a 403, not ignored), never offered.
            self.fields["kind"].widget = forms.HiddenInput()

    def clean_q(self):
        words = segmentation.words(self.cleaned_data["q"])
        if not words:
            raise forms.ValidationError(_("Type a word to search for: letters or numbers, not only signs."))
        if len(words) > MAX_WORDS:
            raise forms.ValidationError(
                _("The search has too many words: use at most %(count)d.") % {"count": MAX_WORDS}
            )
        self.words = list(dict.fromkeys(words))
        return self.cleaned_data["q"]
