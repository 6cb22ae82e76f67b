"""A provincial HR planner cannot read another province by changing a filter or an URL."""

import pytest

from competencies.views import person_url
from people.models import Country, Office, Province, Role, StaffProfile

from ..factories import make_staff
from .helpers import exported_rows, make_framework, planner, seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    framework = make_framework()
    seed(framework)
    return framework


def _employee_ids(response):
    assert response.status_code == 200
    rows = exported_rows(response)
    return {row[1] for row in rows[1:]}


def _ids_in(**where):
    return set(StaffProfile.objects.filter(**where).values_list("employee_id", flat=True))


def test_provincial_planner_sees_only_their_province(client, world):
    savannakhet = Province.objects.get(code="LA-SV")
    hr = planner(country="LA", province="LA-SV", sex="male")
    client.force_login(hr)
    assert _employee_ids(client.get("/en/hr/export/people.csv")) == _ids_in(province=savannakhet)
    summary = client.get("/en/hr/export/summary.csv").content.decode("utf-8-sig")
    staff_row = next(line for line in summary.splitlines() if line.startswith("Staff,"))
    assert staff_row.endswith(f",{StaffProfile.objects.filter(province=savannakhet).count()}")


@pytest.mark.parametrize(
    "query",
    [
        "province={other}",
        "country={cambodia}",
        "office={office}",
        "province={other}&province={own}",
    ],
)
@pytest.mark.parametrize(
    "page",
    [
        "/en/hr/",
        "/en/hr/gaps/",
        "/en/hr/people/",
        "/en/hr/export/people.csv",
        "/en/hr/export/summary.csv",
        "/en/hr/export/heatmap.xlsx",
    ],
)
def test_filters_cannot_widen_the_scope(client, world, page, query):
    hr = planner(country="LA", province="LA-SV")
    client.force_login(hr)
    other = Province.objects.get(code="KH-12")
    office = Office.objects.create(province=other, code="KH-X", name="Elsewhere")
    query = query.format(
        other=other.pk,
        cambodia=Country.objects.get(code="KH").pk,
        office=office.pk,
        own=Province.objects.get(code="LA-SV").pk,
    )
    response = client.get(f"{page}?{query}")
    if query.startswith("province=") and "&" in query:
        # A repeated parameter: Django reads the last value, the planner's own province.
        assert response.status_code == 200
        if page.endswith("people.csv"):
            assert _employee_ids(response) == _ids_in(province__code="LA-SV")
        return
    assert response.status_code == 400
    body = response.content.decode("utf-8-sig", errors="replace")
    for employee_id in _ids_in(country__code="KH"):
        assert employee_id not in body


def test_person_page_of_another_province_is_forbidden(client, world):
    hr = planner(country="LA", province="LA-SV")
    client.force_login(hr)
    outsider = StaffProfile.objects.filter(province__code="KH-12").first()
    insider = StaffProfile.objects.filter(province__code="LA-SV").exclude(user=hr).first()
    assert client.get(person_url(insider)).status_code == 200
    assert client.get(person_url(outsider)).status_code == 403
    assert client.post(person_url(outsider), {}).status_code == 403


def test_person_urls_cannot_be_guessed(client, world):
    client.force_login(planner())
    profile = StaffProfile.objects.first()
    assert client.get(f"/en/hr/people/{profile.pk}/").status_code == 404
    token = person_url(profile).rstrip("/").rsplit("/", 1)[1]
    forged = f"{profile.pk + 1}:{token.split(':', 1)[1]}"
    assert client.get(f"/en/hr/people/{forged}/").status_code == 404


def test_national_planner_sees_their_country_and_administrator_everything(client, world):
    client.force_login(planner(country="KH"))
    assert _employee_ids(client.get("/en/hr/export/people.csv")) == _ids_in(country__code="KH")
    admin = make_staff(roles=(Role.ADMINISTRATOR,))
    client.force_login(admin)
    assert _employee_ids(client.get("/en/hr/export/people.csv")) == _ids_in()


@pytest.mark.parametrize(
    "page", ["/en/hr/", "/en/hr/gaps/", "/en/hr/people/", "/en/hr/import/", "/en/hr/export/summary.csv"]
)
def test_learners_and_trainers_may_not_open_hr_pages(client, world, page):
    client.force_login(make_staff(roles=(Role.LEARNER, Role.TRAINER)))
    assert client.get(page).status_code == 403
