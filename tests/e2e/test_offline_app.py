"""The installable app in a real Chromium: the manifest is valid, Chromium reports the app
installable, the service worker activates, and a page that was not saved shows the offline page
in the reader's language when the network is off.

Service workers need a secure context: http://localhost is one (127.0.0.1 is not treated so by
every browser), so the tests go to the live server by that name."""

import pytest
from django.db import connections

from ..factories import make_staff
from .conftest import ARGS, CHROMIUM

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def page(transactional_db, live_server, tmp_path):
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


def site(live_server):
    return live_server.url.replace("127.0.0.1", "localhost")


def log_in(page, base, user, language):
    page.goto(f"{base}/{language}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def wait_for_worker(page):
    """The state of the registered worker once it controls the page and has finished activating."""
    return page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            if (!navigator.serviceWorker.controller) {
                await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve));
            }
            const worker = registration.active;
            while (worker.state !== "activated") {
                await new Promise((resolve) => worker.addEventListener("statechange", resolve, {once: true}));
            }
            return {state: registration.active.state, scope: registration.scope};
        }"""
    )


@pytest.mark.parametrize("language", ["km", "lo"])
def test_chromium_reports_the_app_installable_and_the_worker_active(live_server, page, language):
    base = site(live_server)
    page.goto(f"{base}/{language}/")
    worker = wait_for_worker(page)
    assert worker == {"state": "activated", "scope": f"{base}/"}

    manifest_url = page.get_attribute("link[rel=manifest]", "href")
    assert manifest_url == f"/offline/{language}/manifest.webmanifest"
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["url"] == f"{base}{manifest_url}"
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []


@pytest.mark.parametrize(("language", "words"), [("km", "គ្មានការតភ្ជាប់"), ("lo", "ບໍ່ມີການເຊື່ອມຕໍ່")])
def test_a_page_not_saved_shows_the_offline_page_in_the_readers_language(live_server, page, language, words):
    learner = make_staff(username=f"offline-{language}", preferred_language=language)
    base = site(live_server)
    log_in(page, base, learner, language)
    wait_for_worker(page)
    page.context.set_offline(True)
    page.goto(f"{base}/{language}/learning/")
    assert page.locator("[data-testid=offline-page]").count() == 1
    assert words in page.inner_text("h1")
    # The shell's stylesheet came from the worker's cache: the page keeps the site's look.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == "rgb(11, 79, 138)"
    )
