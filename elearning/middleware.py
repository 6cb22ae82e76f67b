"""Keep Wagtail's Site (with its root page) in the shared cache between requests.

Wagtail looks up the Site for every request (a query with CASE expressions), then loads its
root page and the specific catalogue: three queries and a few milliseconds on every learner
page for data that changes a few times a year. Wagtail reads `request._wagtail_site` if it is
set, so this middleware sets it from the shared cache (core.cache.get_many_or_build: the version
of `SITES` read once per request with the other declared namespaces, the value from the process's
memory or the shared cache). Saving or deleting a Site, or saving, publishing or unpublishing a site's root page,
bumps that version, so every process serves the change on its next request.
"""

from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.signals import page_published, page_unpublished

from core.cache import bump_now_and_after_commit, get_many_or_build

SITES = "elearning:sites"
_NO_SITE = "no-site"  # cached too: a host no Site answers is looked up once per version


def _bump_sites():
    # Now for this transaction's next read, and after commit so that no other process keeps a
    # Site it read before the commit.
    bump_now_and_after_commit(SITES)


def site_changed(**kwargs):
    _bump_sites()


def root_page_changed(sender, instance=None, **kwargs):
    if isinstance(instance, Page) and Site.objects.filter(root_page_id=instance.pk).exists():
        _bump_sites()


def connect():
    """Called from ElearningConfig.ready(), so a change made by any process bumps the version."""
    post_save.connect(site_changed, sender=Site, dispatch_uid="elearning_site_cache_site_saved")
    post_delete.connect(site_changed, sender=Site, dispatch_uid="elearning_site_cache_site_deleted")
    page_published.connect(root_page_changed, dispatch_uid="elearning_site_cache_page_published")
    page_unpublished.connect(root_page_changed, dispatch_uid="elearning_site_cache_page_unpublished")
    # Any page model: saving the specific catalogue page sends post_save with its own class as sender.
    post_save.connect(root_page_changed, dispatch_uid="elearning_site_cache_page_saved")


def _find(hostname, port):
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return _NO_SITE
    site.root_page = Page.objects.get(pk=site.root_page_id).specific
    return site


def site_for(hostname, port, request=None):
    """The Site serving (hostname, port) with its specific root page, or None (shared: do not change it)."""
    site = get_many_or_build(request, SITES, {"site": ((hostname, port), lambda: _find(hostname, port))})["site"]
    return None if isinstance(site, str) else site


class SiteCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            hostname = split_domain_port(request.get_host())[0]
        except DisallowedHost:
            # CommonMiddleware answers 400 for it; never cache a key per forged host.
            return self.get_response(request)
        site = site_for(hostname, request.get_port(), request)
        if site is not None:
            request._wagtail_site = site
        return self.get_response(request)
