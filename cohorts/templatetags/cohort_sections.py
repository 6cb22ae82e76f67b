"""Where other apps add to a cohort's pages without the cohorts app knowing them.

An app registers a Wagtail hook named "cohorts_page_sections":

    @hooks.register("cohorts_page_sections")
    def results_link(request, *, where, cohort):
        return render_to_string(...)  # or "" when it has nothing to say

`where` is "roster" (the trainer's page of a cohort); each hook runs a fixed number of queries.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def cohort_sections(context, where, cohort):
    request = context.get("request")
    parts = []
    for hook in hooks.get_hooks("cohorts_page_sections"):
        html = hook(request, where=where, cohort=cohort)
        if html:
            parts.append(conditional_escape(html))
    return mark_safe("".join(parts))
