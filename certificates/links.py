"""The public address of the site, for links that leave it: QR codes, verification links, e-mails.

PUBLIC_BASE_URL (setting) is the address people reach the site at; production refuses to start
without it. In development it may stay empty: links then follow the request that is being served
(its scheme, host and port), and without a request (a background task) the address `make run`
serves (the Makefile passes PUBLIC_BASE_URL=http://$(HOST):$(PORT) to the demo and the server).
"""

from django.conf import settings
from django.urls import reverse

DEVELOPMENT_FALLBACK = "http://localhost:8000"


def public_base_url(request=None):
    """The scheme and host (no trailing slash) of links that leave the site."""
    configured = (getattr(settings, "PUBLIC_BASE_URL", "") or "").strip()
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEVELOPMENT_FALLBACK


def absolute(path, request=None):
    return public_base_url(request) + path


def verification_url(certificate, request=None):
    """The absolute, language-neutral URL printed as a QR code (/v/<code>)."""
    return absolute(reverse("certificates_short_verify", args=[certificate.code]), request)
