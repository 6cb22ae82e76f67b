"""End to end in Chromium: an HR planner opens the dashboard in Lao, follows a figure to the people
behind it, opens one person and records a supervisor assessment."""

import pytest
from django.utils import timezone

from competencies.models import CompetencyRecord

from ..competencies.helpers import make_framework, planner, seed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_planner_drills_down_and_assesses(live_server, page):
    framework = make_framework()
    seed(framework)
    planner(country="LA", province="LA-SV", username="hr-e2e", preferred_language="lo")

    page.goto(f"{live_server.url}/lo/accounts/login/")
    page.fill("#id_username", "hr-e2e")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/lo/hr/")
    assert page.locator("h1").inner_text() == "ໜ້າຈໍຊັບພະຍາກອນມະນຸດ"

    trained_women = page.locator("#table-summary").locator("xpath=..").locator("tbody tr").nth(1).locator("td a").first
    assert trained_women.inner_text() == "1"
    trained_women.click()
    page.wait_for_url("**/lo/hr/people/?**")
    rows = page.locator(".hr-table tbody tr")
    assert rows.count() == 1

    rows.first.locator("a").click()
    page.wait_for_load_state()
    page.select_option("#id_competency", str(framework["lmi"].pk))
    page.select_option("#id_level", str(framework["levels"][2].pk))
    page.fill("#id_assessed_on", timezone.localdate().isoformat())
    page.click("form[method=post] button.button")
    page.wait_for_load_state()
    assert "ການປະເມີນຖືກບັນທຶກແລ້ວ." in page.inner_text(".messages")
    assert CompetencyRecord.objects.filter(source="supervisor", competency=framework["lmi"]).count() == 1
