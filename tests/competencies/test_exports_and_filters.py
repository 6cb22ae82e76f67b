"""HR exports go through core.exports (formula-safe, titled); filters offer only the planner's area;
bad dates and huge ids are a clear 4xx, never a 500; a chosen sex drops the other sex's columns."""

import pytest

from people.models import Office, Province

from ..factories import make_staff
from .helpers import exported_rows, exported_sheet, make_framework, planner, seed

pytestmark = pytest.mark.django_db


def test_a_name_starting_with_equals_exports_as_text(client):
    make_staff(country="KH", province="KH-12", first_name='=HYPERLINK("http://evil")', last_name="-2+3")
    client.force_login(planner(country="KH"))
    csv_rows = exported_rows(client.get("/en/hr/export/people.csv"))
    names = [row[0] for row in csv_rows[1:]]
    assert any(name.startswith("'=HYPERLINK") for name in names)
    assert not any(name.startswith("=") for name in names)

    response = client.get("/en/hr/export/people.xlsx")
    titles, rows = exported_sheet(response)
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    formula_cells = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formula_cells == []
    assert any(str(value).startswith("=HYPERLINK") for row in rows for value in row if value)


def test_exports_say_what_scope_filters_and_date(client):
    make_framework()
    client.force_login(planner(country="KH"))
    response = client.get("/en/hr/export/summary.xlsx?sex=female")
    assert "-kh-" in response["Content-Disposition"]
    titles, rows = exported_sheet(response)
    assert titles[0][0] == "Staff and training"
    assert ["Scope", "Cambodia"] in [row[:2] for row in titles]
    assert any(row[0] == "Filters" and "Sex: Female" in row[1] for row in titles)
    assert any(row[0] == "Exported on" for row in titles)


def test_a_lao_planner_is_offered_only_lao_provinces_and_offices_follow_the_province(client):
    khm_office = Office.objects.create(
        province=Province.objects.get(code="KH-12"), code="KH-JC-1", name="Phnom Penh JC"
    )
    sv = Province.objects.get(code="LA-SV")
    sv_office = Office.objects.create(province=sv, code="LA-JC-SV", name="Savannakhet JC")
    vt_office = Office.objects.create(province=Province.objects.get(code="LA-VT"), code="LA-JC-VT", name="Vientiane JC")
    client.force_login(planner(country="LA"))
    form = client.get("/en/hr/").context["form"]
    assert {p.country.code for p in form.fields["province"].queryset} == {"LA"}
    assert khm_office not in form.fields["office"].queryset
    narrowed = client.get(f"/en/hr/?province={sv.pk}").context["form"]
    assert list(narrowed.fields["office"].queryset) == [sv_office]
    assert vt_office not in narrowed.fields["office"].queryset
    # The certificates-issued panel reads the same form: a Cambodian province is not a choice.
    cambodian = Province.objects.get(code="KH-12")
    assert client.get(f"/en/hr/export/certificates_issued.csv?province={cambodian.pk}").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "date_to=9999-12-31",
        "date_from=0001-01-01",
        "date_from=0001-01-01&date_to=9999-12-31",
        "province=99999999999999999999999",
        "office=9223372036854775808",
        "country=-1",
        "position=99999999999999999999",
    ],
)
@pytest.mark.parametrize("page", ["/en/hr/", "/en/hr/gaps/", "/en/hr/people/", "/en/hr/export/summary.csv"])
def test_out_of_range_dates_and_ids_are_a_clear_400(client, page, query):
    make_framework()
    client.force_login(planner(country="KH"))
    assert client.get(f"{page}?{query}").status_code == 400


@pytest.mark.parametrize(
    "query",
    ["metric=gap&competency=99999999999999999999999", "metric=gain&course=99999999999999999999999"],
)
def test_huge_ids_in_drilldowns_are_not_found(client, query):
    make_framework()
    client.force_login(planner(country="KH"))
    assert client.get(f"/en/hr/people/?{query}").status_code == 404


def test_huge_ids_and_bad_tokens_in_urls_are_not_found(client):
    client.force_login(planner(country="KH"))
    assert client.get("/en/hr/people/99999999999999999999999/").status_code == 404
    assert client.get("/en/hr/import/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_role_without_a_place_sees_nothing(client):
    from people.models import Role
    from people.services import grant_role

    unscoped = make_staff(country="KH")
    grant_role(user=unscoped, role=Role.HR_PLANNER)
    client.force_login(unscoped)
    for url in ("/en/hr/", "/en/hr/export/people.csv", "/en/hr/import/"):
        assert client.get(url).status_code == 403


def test_choosing_women_drops_the_mens_columns(client):
    framework = make_framework()
    seed(framework)
    client.force_login(planner(country="KH"))
    page = client.get("/en/hr/?sex=female")
    summary = page.context["summary"]
    assert "Male" not in [str(c) for c in summary.columns] and "Female" in [str(c) for c in summary.columns]
    assert all(len(row) == len(summary.columns) for row in summary.rows)
    header = exported_rows(client.get("/en/hr/export/certificates_issued.csv?sex=female"))[0]
    assert "Male" not in header
    gaps = client.get("/en/hr/gaps/?sex=male").context["gaps"]
    assert "Missing: female" not in [str(c) for c in gaps.columns]
    everyone = client.get("/en/hr/").context["summary"]
    assert "Male" in [str(c) for c in everyone.columns]


def test_one_number_format_per_language():
    from django.utils import translation

    from competencies.tables import Cell

    with translation.override("km"):
        assert str(Cell(33.3)) == "33,3" and str(Cell(55.6, label="")) == "55,6"
    with translation.override("en"):
        assert str(Cell(33.3)) == "33.3"
