"""The menu's unread count: `{% unread_notifications as count %}` (cached; see selectors.unread_count)."""

from django import template

from ..selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    request = context.get("request")
    return unread_count(getattr(request, "user", None))
