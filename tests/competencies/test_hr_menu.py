"""HR's work in one place: every HR report is reachable from the HR menu, and each opens for a
planner scoped to one country."""

import pytest
from django.urls import reverse
from django.utils import translation

from .helpers import planner

pytestmark = pytest.mark.django_db

REPORTS = [
    "competencies:dashboard",
    "competencies:gaps",
    "competencies:people",
    "competencies:import",
    "certificates:list",
    "cohorts:fill_rates",
    "cohorts:cascade",
    "planning:report",
    "evaluations:results",
]


@pytest.mark.parametrize("language", ["km", "lo"])
def test_the_hr_menu_links_every_hr_report_and_each_opens(client, language):
    client.force_login(planner(country="KH" if language == "km" else "LA", username=f"hr-{language}"))
    page = client.get(f"/{language}/hr/").content.decode()
    menu = page.split('class="hr-nav"', 1)[1].split("</nav>", 1)[0]
    for name in REPORTS:
        with translation.override(language):
            url = reverse(name)
        assert f'href="{url}' in menu, name
        assert client.get(url).status_code == 200, name
