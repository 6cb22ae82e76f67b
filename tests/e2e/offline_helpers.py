"""Helpers of the offline app's browser tests: a browser profile on disk, logging in by cookie,
waiting for the service worker.

Service workers need a secure context: http://localhost is one, so the tests reach the live
server by that name."""

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from .conftest import ARGS, CHROMIUM

WAIT_FOR_WORKER = """async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve));
    }
    const worker = registration.active;
    while (worker.state !== "activated") {
        await new Promise((resolve) => worker.addEventListener("statechange", resolve, {once: true}));
    }
    return {state: worker.state, scope: registration.scope};
}"""


def site(live_server):
    return live_server.url.replace("127.0.0.1", "localhost")


def wait_for_worker(page):
    """The state and scope of the registered worker once it controls the page and is activated."""
    return page.evaluate(WAIT_FOR_WORKER)


def log_in_by_cookie(context, base, user):
    """A session for `user` without opening a page, so the next page is the first one loaded."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


@pytest.fixture
def installed_page(transactional_db, live_server, tmp_path):
    """A phone-sized page in a browser with a profile on disk: Chromium never reports an incognito
    window (Playwright's usual new context) installable."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path / "profile",
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 390, "height": 844},
            device_scale_factor=1,
        )
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(15000)
        yield page
        connections.close_all()  # see conftest.browser
        context.close()
