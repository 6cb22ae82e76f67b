"""HR prints activation codes (desktop, Khmer and Lao); a person activates with one on a phone.

Screenshots: /tmp/notify-codes-<lang>.png and /tmp/notify-activate-<lang>.png.
"""

import re

import pytest

from notifications.invitations import invite
from people.models import Country, Role, User
from people.services import grant_role

from ..factories import make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("lang,country", [("km", "KH"), ("lo", "LA")])
def test_codes_are_printed_and_one_activates_an_account(live_server, browser, lang, country):
    planner = make_staff(username=f"hr-{lang}", country=country, roles=(), preferred_language=lang)
    grant_role(user=planner, role=Role.HR_PLANNER, country=Country.objects.get(code=country))
    newcomer = make_staff(username=f"new-{lang}", country=country, email="", preferred_language=lang)
    newcomer.set_unusable_password()
    newcomer.save()
    invite(users=[newcomer], send=False)
    base = f"{live_server.url}/{lang}"

    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    desk.goto(base + "/accounts/login/")
    desk.fill("#id_username", planner.username)
    desk.fill("#id_password", "pass-word-123")
    desk.click("main button[type=submit]")
    desk.wait_for_load_state()
    desk.goto(base + "/hr/accounts/")
    assert newcomer.username in desk.inner_text("main")
    desk.click("button[value=codes]")
    desk.wait_for_selector(".codes-table")
    desk.screenshot(path=f"/tmp/notify-codes-{lang}.png", full_page=True)
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", desk.inner_text(".codes-table .code")).group(0)

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(base + "/accounts/activate/")
    phone.fill("#id_username", newcomer.username)
    phone.fill("#id_code", code)
    phone.fill("#id_new_password1", "Fresh-pass-2468")
    phone.fill("#id_new_password2", "Fresh-pass-2468")
    phone.screenshot(path=f"/tmp/notify-activate-{lang}.png", full_page=True)
    phone.click("main button[type=submit]")
    phone.wait_for_url("**/accounts/login/**")
    assert User.objects.get(pk=newcomer.pk).check_password("Fresh-pass-2468")
