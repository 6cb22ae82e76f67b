"""The app shell: the static files and pages the service worker keeps, and the version that names
its cache. The version is a digest of the files' contents, so a new stylesheet or font (or a new
service worker) starts a new cache and the old one is deleted when the new worker activates."""

import hashlib
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

# Stored when the worker installs. Fonts are not: a Khmer reader would download the Lao fonts for
# nothing. The worker keeps each static file the pages use the first time it passes, in the same
# cache; the stylesheet names the fonts, so a new font changes site.css and with it the version.
SHELL_STATIC = ["css/site.css", "offline/app.js", "offline/outbox.js"]


def shell_urls():
    """What the service worker stores when it installs: the stylesheet, the script and each language's offline page."""
    languages = [code for code, _name in settings.LANGUAGES]
    return [static(name) for name in SHELL_STATIC] + [reverse("offline:page", args=[code]) for code in languages]


@cache  # static files do not change while a process runs; a deployment starts new processes
def shell_version(template_source):
    digest = hashlib.sha256(template_source.encode())
    for name in SHELL_STATIC:
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]
