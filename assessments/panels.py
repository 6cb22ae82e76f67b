"""Admin panels of the question form that belong to some kinds of question only.

Each panel carries `data-question-kinds` (the kinds that use it) and is rendered `hidden` when the
question being edited is of another kind, so a single-choice question never shows a numeric
tolerance. question_form.js shows and hides them again when the editor changes the kind; the form
(admin_forms.py) clears what the kind does not use and validates whatever the browser sent.

These panel classes are not patched by wagtail-modeltranslation (it patches Wagtail's own classes
only), so translated fields are named per language here, through `localized`.
"""

from django.conf import settings
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel


def localized(field_name, *, panel_class=FieldPanel, **kwargs):
    """One panel per content language (en, km, lo) for a translated field."""
    return [panel_class(f"{field_name}_{lang}", **kwargs) for lang in settings.MODELTRANSLATION_LANGUAGES]


def current_kind(form):
    """The kind of question a form is showing: what was posted, else the saved or initial kind."""
    kind = getattr(form, "question_kind", None)
    if kind is None and form is not None and "kind" in form.fields:
        kind = form["kind"].value()
    return kind


class KindMixin:
    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = tuple(kinds)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "kinds": self.kinds}


def _kind_attrs(bound_panel):
    attrs = {**(bound_panel.panel.attrs or {}), "data-question-kinds": " ".join(bound_panel.panel.kinds)}
    kind = current_kind(bound_panel.form)
    if kind and kind not in bound_panel.panel.kinds:
        attrs["hidden"] = True
    return attrs


class KindPanel(KindMixin, MultiFieldPanel):
    """A group of fields used by some kinds of question only (the number key, the accepted answers)."""

    class BoundPanel(MultiFieldPanel.BoundPanel):
        @property
        def attrs(self):
            return _kind_attrs(self)


class KindFieldPanel(KindMixin, FieldPanel):
    """One field used by some kinds only (an option's `correct` box, its matching answer)."""

    class BoundPanel(FieldPanel.BoundPanel):
        @property
        def attrs(self):
            return _kind_attrs(self)


class KindInlinePanel(KindMixin, InlinePanel):
    """The options of a question, for the kinds that have options."""

    class BoundPanel(InlinePanel.BoundPanel):
        @property
        def attrs(self):
            return _kind_attrs(self)
