"""Root URLs. Everything a person reads is under a language prefix: /km/, /lo/, /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views

handler400 = "elearning.views.bad_request"
handler403 = "elearning.views.permission_denied"
handler404 = "elearning.views.page_not_found"
handler500 = "elearning.views.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("healthz", views.health, name="health"),
    # Short, language-neutral URLs printed on certificates (QR code); they redirect into a language.
    path("", include("certificates.urls_public")),
    path("", include("offline.urls")),  # /sw.js must sit at the root to control every page
    path("", include("planning.urls_feed")),  # calendar feeds: phone calendars keep the address
]

urlpatterns += i18n_patterns(
    path("", include("notifications.urls")),
    path("accounts/", include("people.urls")),
    path("", include("courses.urls")),
    path("quizzes/", include("assessments.urls")),
    path("cohorts/", include("cohorts.urls")),
    path("certificates/", include("certificates.urls")),
    path("hr/", include("competencies.urls")),
    path("scorm/", include("scorm.urls")),
    path("", include("search.urls")),
    path("", include("planning.urls")),
    path("evaluations/", include("evaluations.urls")),
    # Wagtail's catch-all serves the course tree; it must stay last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
