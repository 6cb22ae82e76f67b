"""Keep Wagtail's Site (with its root page) in process memory between requests.

Wagtail looks up the Site for every request (a query with CASE expressions), then loads its
root page and the specific catalogue: three queries and a few milliseconds on every learner
page for data that changes a few times a year. Wagtail reads `request._wagtail_site` if it is
set, so this middleware sets it from a small per-process cache. Saving a Site or the root page
clears the cache in this process; other processes refresh within SITE_CACHE_SECONDS.
"""

import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.signals import page_published, page_unpublished

_lock = threading.Lock()
_sites = {}


def clear_site_cache(**kwargs):
    with _lock:
        _sites.clear()


def _root_changed(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        return
    if any(site.root_page_id == instance.pk for site, _expires in list(_sites.values())):
        clear_site_cache()


post_save.connect(clear_site_cache, sender=Site, dispatch_uid="elearning_site_cache_site_saved")
post_delete.connect(clear_site_cache, sender=Site, dispatch_uid="elearning_site_cache_site_deleted")
page_published.connect(_root_changed, dispatch_uid="elearning_site_cache_page_published")
page_unpublished.connect(_root_changed, dispatch_uid="elearning_site_cache_page_unpublished")
# Any page model: saving the specific catalogue page sends post_save with its own class as sender.
post_save.connect(_root_changed, dispatch_uid="elearning_site_cache_page_saved")


def _lookup(hostname, port):
    key = (hostname, port)
    now = time.monotonic()
    cached = _sites.get(key)
    if cached and cached[1] > now:
        return cached[0]
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    root = Page.objects.get(pk=site.root_page_id).specific
    site.root_page = root
    with _lock:
        _sites[key] = (site, now + getattr(settings, "SITE_CACHE_SECONDS", 60))
    return site


class SiteCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request._get_raw_host())[0]
        site = _lookup(hostname, request.get_port())
        if site is not None:
            request._wagtail_site = site
        return self.get_response(request)
