"""The installable app in a real Chromium: the manifest is valid, Chromium reports the app
installable, the service worker activates, and a page that was not saved shows the offline page
in the reader's language when the network is off."""

import pytest

from ..factories import make_staff
from . import offline_helpers
from .offline_helpers import log_in_by_cookie, site, wait_for_worker

installed_page = offline_helpers.installed_page  # the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("language", ["km", "lo"])
def test_chromium_reports_the_app_installable_and_the_worker_active(live_server, installed_page, language):
    page = installed_page
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
def test_a_page_not_saved_shows_the_offline_page_in_the_readers_language(live_server, installed_page, language, words):
    learner = make_staff(username=f"offline-{language}", preferred_language=language)
    page = installed_page
    base = site(live_server)
    log_in_by_cookie(page.context, base, learner)
    page.goto(f"{base}/{language}/learning/")
    wait_for_worker(page)
    page.context.set_offline(True)
    page.goto(f"{base}/{language}/learning/")
    assert page.locator("[data-testid=offline-page]").count() == 1
    assert words in page.inner_text("h1")
    # The shell's stylesheet came from the worker's cache: the page keeps the site's look.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == "rgb(11, 79, 138)"
    )
