"""The shared-cache namespace of the site lookup, read with the others once per request (core.cache)."""

from wagtail import hooks

from .middleware import SITES


@hooks.register("register_cache_namespaces")
def site_cache_namespaces():
    return [SITES]
