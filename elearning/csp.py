"""A looser Content-Security-Policy for the Wagtail and Django admin, the strict one everywhere else.

The admin's own templates carry inline scripts and styles that we do not control; the pages that
learners, trainers and HR read carry none, so only the admin paths get 'unsafe-inline'. The
directives come from settings.ADMIN_CONTENT_SECURITY_POLICY and replace the site's ones.
"""

from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class AdminContentSecurityPolicyMiddleware:
    """Sits after csp.middleware.CSPMiddleware, so it marks the response before the header is built."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIXES) and not hasattr(response, "_csp_replace"):
            response._csp_replace = settings.ADMIN_CONTENT_SECURITY_POLICY
        return response
