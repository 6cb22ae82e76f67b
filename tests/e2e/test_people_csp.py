"""In Chromium: the Content-Security-Policy blocks nothing the site or the Wagtail admin needs, and the
profile narrows offices to the chosen province."""

import pytest

from people.models import Office, Province, Role

from ..factories import make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _watch(page):
    """Collect what the browser refused because of the policy (console errors and CSP reports)."""
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    page.on("pageerror", lambda error: refused.append(str(error)))
    return refused


def _log_in(page, base, username, lang="km"):
    page.goto(f"{base}/{lang}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_profile_narrows_offices_and_breaks_no_policy(live_server, page):
    phnom_penh, kandal = Province.objects.get(code="KH-12"), Province.objects.get(code="KH-8")
    Office.objects.create(province=phnom_penh, code="PP-1", name="Phnom Penh job centre")
    Office.objects.create(province=kandal, code="KD-1", name="Kandal job centre")
    make_staff(username="placed", email="placed@example.org", province="KH-12")
    make_course()
    refused = _watch(page)
    _log_in(page, live_server.url, "placed")
    page.goto(f"{live_server.url}/km/")
    page.goto(f"{live_server.url}/km/accounts/profile/")
    visible = page.eval_on_selector_all("#id_office option:not([hidden])", "els => els.map(e => e.textContent)")
    assert "Phnom Penh job centre" in visible and "Kandal job centre" not in visible
    page.select_option("#id_province", str(kandal.pk))
    visible = page.eval_on_selector_all("#id_office option:not([hidden])", "els => els.map(e => e.textContent)")
    assert "Kandal job centre" in visible and "Phnom Penh job centre" not in visible
    page.select_option("#id_country", label=page.inner_text("#id_country option:not([value='']) >> nth=1"))
    assert refused == []


def test_the_wagtail_admin_works_under_its_policy(live_server, page):
    make_staff(username="chief", email="chief@example.org", roles=(Role.ADMINISTRATOR,))
    course = make_course(modules=1, lessons=1)
    refused = _watch(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    for path in ("/admin/", f"/admin/pages/{course.pk}/edit/", "/admin/snippets/people/staffprofile/"):
        response = page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
    # The page editor's JavaScript ran: its React-rendered field panels are on the page.
    page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
    page.wait_for_selector("[data-field-input]", state="attached")
    assert refused == [], "\n".join(refused)
