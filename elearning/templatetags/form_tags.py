"""Form rendering helpers for the shared form template (templates/includes/form_fields.html).

A screen reader announces what an input's aria-describedby names: its help text and its
error list. Django 5.2 points aria-describedby at the help text alone (id "<id>_helptext"),
so a field with errors would be announced without them; this names both, and every id
it names is rendered exactly once by the template.
"""

from django import template

register = template.Library()


def description_ids(field):
    if not field.auto_id:
        return []
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_errors")
    return ids


@register.simple_tag
def described_widget(field):
    """The field's widget, its aria-describedby naming its help text and its error list."""
    ids = description_ids(field)
    attrs = {"aria-describedby": " ".join(ids)} if ids else None
    return field.as_widget(attrs=attrs)
