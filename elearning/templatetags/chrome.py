"""`{% chrome %}…{% endchrome %}`: the site header, rendered once per language and menu, not per request.

The header (brand, menu, language switch) is the same for every page a person sees in one
language with the same menu entries; only the CSRF token and the page's own address differ. So
the block is rendered once per (language, logged in, menu flags, sign-up open) with markers in
place of those two, kept in this process's memory, and each request puts its own token and
address in: a string replacement instead of some twenty template tags and ten URL reversals on
every page. What the key does not hold must not be used inside the block, except in
`{% live %}…{% endlive %}` parts, which are rendered for each request (a person's unread count,
the search words they typed): the cached block holds a marker in their place. Templates and
translations change only when the process restarts; with DEBUG on (template autoreload) the
block is rendered every time.
"""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_PATH = "\x1epath\x1e"  # escape() keeps it, urlencode turns it into %1Epath%1E: the two uses differ
_PATH_URLENCODED = quote(_PATH, safe="/")
_TOKEN = "chromecsrfmarker"
_LIVE = "\x1elive{}\x1e"
_CAPTURING = "_chrome_capturing"
_MAX_ENTRIES = 256
_rendered = {}


class _MarkedRequest:
    """The request as the cached header sees it: its address is a marker."""

    def __init__(self, request):
        self._request = request

    def get_full_path(self):
        return _PATH

    def __getattr__(self, name):
        return getattr(self._request, name)


class ChromeNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def _key(self, context):
        user = context.get("user")
        authenticated = bool(getattr(user, "is_authenticated", False))
        menu = context.get("menu") if authenticated else None
        flags = tuple(sorted(dict(menu).items())) if menu else ()
        return (get_language(), authenticated, flags, bool(context.get("signup_open")))

    def render(self, context):
        request = context.get("request")
        if settings.DEBUG or request is None:
            return self.nodelist.render(context)
        key = self._key(context)
        html = _rendered.get(key)
        if html is None:
            with context.push(csrf_token=_TOKEN, request=_MarkedRequest(request), **{_CAPTURING: True}):
                html = self.nodelist.render(context)
                token_html = CsrfTokenNode().render(context)
            html = (html, token_html)
            if len(_rendered) < _MAX_ENTRIES:
                _rendered[key] = html
        html, token_html = html
        path = request.get_full_path()
        html = (
            html.replace(token_html, CsrfTokenNode().render(context))
            .replace(_PATH_URLENCODED, quote(path, safe="/"))
            .replace(_PATH, escape(path))
        )
        for number, live in enumerate(self.nodelist.get_nodes_by_type(LiveNode)):
            html = html.replace(_LIVE.format(number), live.nodelist.render(context))
        return mark_safe(html)


class LiveNode(template.Node):
    """A part of the header rendered for each request; in the cached header, a numbered marker."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, number):
        self.nodelist = nodelist
        self.number = number

    def render(self, context):
        if context.get(_CAPTURING):
            return _LIVE.format(self.number)
        return self.nodelist.render(context)


@register.tag
def chrome(parser, token):
    nodelist = parser.parse(("endchrome",))
    parser.delete_first_token()
    for number, live in enumerate(nodelist.get_nodes_by_type(LiveNode)):
        live.number = number
    return ChromeNode(nodelist)


@register.tag
def live(parser, token):
    nodelist = parser.parse(("endlive",))
    parser.delete_first_token()
    return LiveNode(nodelist, 0)
