"""The search page: bad input is a translated 400, people only for HR planners in scope, pages of
results, and a query count that does not grow with the number of results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from people.models import Province, Role
from people.services import grant_role

from ..factories import lessons_of, make_course, make_staff
from .conftest import KHMER, publish_body

pytestmark = pytest.mark.django_db

MAX_SEARCH_QUERIES = 8  # learner pages may run 12; see search.selectors for the budget


@pytest.fixture
def reader_client(client, db):
    client.force_login(make_staff(username="reader", preferred_language="km"))
    return client


def test_the_page_without_a_query_shows_the_box(reader_client):
    response = reader_client.get("/km/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode() and "<mark>" not in response.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": ""}, "សូមវាយពាក្យដែលចង់ស្វែងរក។"),
        ({"q": "   "}, "សូមវាយពាក្យដែលចង់ស្វែងរក។"),
        ({"q": "!!! ???"}, "សូមវាយពាក្យដែលចង់ស្វែងរក៖ អក្សរ ឬលេខ មិនមែនតែសញ្ញាទេ។"),
        ({"q": "ក" * 201}, "ការស្វែងរកវែងពេក៖ សូមប្រើមិនលើសពី 200 តួអក្សរ។"),
        ({"q": " ".join(["word"] * 13)}, "ការស្វែងរកមានពាក្យច្រើនពេក៖ សូមប្រើមិនលើសពី 12 ពាក្យ។"),
        ({"q": "ការងារ", "kind": "everything"}, "មិនមានអ្វីហៅថា “everything” សម្រាប់ស្វែងរកទេ។"),
    ],
)
def test_bad_input_is_a_translated_400(reader_client, params, message):
    response = reader_client.get("/km/search/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_results_show_the_passage_and_label_other_languages(reader_client, jobs_course):
    lesson = lessons_of(jobs_course)[0]
    html = reader_client.get("/km/search/", {"q": "ស្វែងរកការងារ"}).content.decode()
    assert "<mark>ស្វែងរកការងារ</mark>" in html
    with translation.override("km"):
        assert f'href="{lesson.get_url()}"' in html
    html = reader_client.get("/km/search/", {"q": "ວຽກ"}).content.decode()
    assert '<span class="badge badge-language" lang="lo"' in html  # found in Lao, read in Khmer: labelled
    assert '<p class="search-passage" lang="lo">' in html


def test_results_come_in_pages(reader_client):
    course = make_course(modules=2, lessons=12)
    for lesson in lessons_of(course):
        publish_body(lesson, km=KHMER)
    first = reader_client.get("/km/search/", {"q": "ការងារ"}).content.decode()
    assert first.count('class="card search-result"') == 10 and "page=2" in first
    last = reader_client.get("/km/search/", {"q": "ការងារ", "page": "3"}).content.decode()
    assert last.count('class="card search-result"') == 4
    for page in ("abc", "999999999999999999999"):  # not a number, past the end: a page, never a 500
        assert reader_client.get("/km/search/", {"q": "ការងារ", "page": page}).status_code == 200


def _queries(client, params):
    client.get("/km/search/", params)  # warm the shared cache (site root paths, restrictions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/km/search/", params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_results(reader_client):
    small = make_course(modules=1, lessons=1)
    publish_body(lessons_of(small)[0], km=KHMER)
    few = _queries(reader_client, {"q": "ការងារ"})
    large = make_course(modules=4, lessons=10)
    for lesson in lessons_of(large):
        publish_body(lesson, km=KHMER)
    many = _queries(reader_client, {"q": "ការងារ"})
    assert few == many <= MAX_SEARCH_QUERIES


# People -------------------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return {
        "kh": make_staff(username="sokha", country="KH", province="KH-12", first_name="Sokha", last_name="Chan"),
        "lo_sv": make_staff(username="somsak", country="LA", province="LA-SV", first_name="Somsak", last_name="Chan"),
        "lo_vt": make_staff(username="noy", country="LA", province="LA-VT", first_name="Noy", last_name="Chan"),
    }


def _planner(username, **scope):
    user = make_staff(username=username, roles=())
    grant_role(user=user, role=Role.HR_PLANNER, **scope)
    return user


def _people(client, query="chan"):
    response = client.get("/en/search/", {"q": query, "kind": "people"})
    return response.status_code, {name for name in ("Sokha", "Somsak", "Noy") if name in response.content.decode()}


def test_a_lao_provincial_hr_planner_finds_only_staff_of_the_province(client, staff):
    client.force_login(_planner("hr.sv", province=Province.objects.get(code="LA-SV")))
    assert _people(client) == (200, {"Somsak"})


def test_a_cambodian_hr_planner_finds_no_lao_staff(client, staff):
    from people.models import Country

    client.force_login(_planner("hr.kh", country=Country.objects.get(code="KH")))
    assert _people(client) == (200, {"Sokha"})
    # Each person found links to their competency page (competencies' search_person_url hook).
    from competencies.views import person_url

    html = client.get("/en/search/", {"q": "sokha", "kind": "people"}).content.decode()
    with translation.override("en"):
        assert f'href="{person_url(staff["kh"].staff_profile)}"' in html


def test_a_learner_cannot_search_people(client, staff):
    client.force_login(staff["kh"])
    status, _names = _people(client)
    assert status == 403
    html = client.get("/en/search/").content.decode()
    assert 'value="people"' not in html  # not offered either


def test_people_are_found_by_place_in_any_language(client, staff):
    from people.models import Country

    client.force_login(_planner("hr.la", country=Country.objects.get(code="LA")))
    savannakhet = Province.objects.get(code="LA-SV")
    assert _people(client, savannakhet.name_en) == (200, {"Somsak"})
    if savannakhet.name_lo:
        assert _people(client, savannakhet.name_lo) == (200, {"Somsak"})


def test_a_renamed_person_is_found_by_the_new_name(client, staff):
    from people.models import Country

    client.force_login(_planner("hr.kh", country=Country.objects.get(code="KH")))
    user = staff["kh"]
    user.last_name = "Meas"
    user.save()
    assert _people(client, "meas") == (200, {"Sokha"})
    assert _people(client, "chan") == (200, set())


def test_the_people_search_query_count_does_not_grow(client, staff):
    from people.models import Country

    client.force_login(_planner("hr.kh", country=Country.objects.get(code="KH")))
    params = {"q": "chan", "kind": "people"}
    few = _queries(client, params)
    for number in range(12):
        make_staff(username=f"kh{number}", country="KH", first_name=f"Vanna{number}", last_name="Chan")
    assert few == _queries(client, params) <= MAX_SEARCH_QUERIES
