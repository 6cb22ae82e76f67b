"""The learner's side: the offer after completing a course, the survey page, errors, thank-you, once."""

import pytest
from django.urls import reverse
from django.utils import translation

from evaluations.models import Respondent, Response

from ..factories import make_course, make_staff
from .helpers import completed_learner, make_survey, questions

pytestmark = pytest.mark.django_db


def _url(course, lang="km"):
    with translation.override(lang):
        return reverse("evaluations:answer", args=[course.pk])


def _course_url(course, lang="km"):
    return f"/{lang}{course.url_path[len('/courses') :]}"


@pytest.fixture
def done(client):
    course = make_course(modules=1, lessons=1)
    survey = make_survey(tier="self_paced")
    person = completed_learner(course, preferred_language="km")
    client.force_login(person)
    return course, survey, person


def _valid(survey):
    q = questions(survey)
    return {f"q{q['rating'].pk}": "4", f"q{q['single'].pk}": "1", f"q{q['multiple'].pk}": ["0", "2"]}


@pytest.mark.parametrize("lang", ["km", "lo"])
def test_the_completed_course_page_and_my_learning_offer_the_survey_until_it_is_answered(client, done, lang):
    course, survey, _person = done
    link = f'href="{_url(course, lang)}"'
    assert link in client.get(_course_url(course, lang)).content.decode()
    assert link in client.get(f"/{lang}/learning/").content.decode()
    response = client.post(_url(course, lang), _valid(survey))
    assert response.status_code == 302 and response["Location"].endswith(_course_url(course, lang))
    assert link not in client.get(_course_url(course, lang)).content.decode()
    assert link not in client.get(f"/{lang}/learning/").content.decode()


@pytest.mark.parametrize(
    ("lang", "heading", "question"),
    [("km", "តើវាយ៉ាងដូចម្តេច?", "តើវាមានប្រយោជន៍ប៉ុណ្ណា?"), ("lo", "ເປັນແນວໃດ?", "ມີປະໂຫຍດຫຼາຍປານໃດ?")],
)
def test_the_survey_speaks_the_readers_language(client, done, lang, heading, question):
    course, _survey, _person = done
    page = client.get(_url(course, lang)).content.decode()
    assert heading in page and question in page
    assert "ມີປະໂຫຍດຫຼາຍ" in page if lang == "lo" else "មានប្រយោជន៍ខ្លាំង" in page  # the end label of 5


@pytest.mark.parametrize(("lang", "message"), [("km", "សូមឆ្លើយសំណួរនេះ។"), ("lo", "ກະລຸນາຕອບຄຳຖາມນີ້.")])
def test_a_missing_answer_is_explained_in_the_readers_language_and_nothing_is_saved(client, done, lang, message):
    course, survey, _person = done
    data = _valid(survey)
    data.pop(f"q{questions(survey)['rating'].pk}")
    response = client.post(_url(course, lang), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'role="alert"' in page
    assert not Respondent.objects.exists() and not Response.objects.exists()


def test_a_forged_choice_is_refused_with_a_message(client, done):
    course, survey, _person = done
    data = _valid(survey) | {f"q{questions(survey)['rating'].pk}": "9"}
    response = client.post(_url(course), data)
    assert response.status_code == 400 and "សូមជ្រើសរើស" in response.content.decode()
    assert not Response.objects.exists()


def test_sending_twice_keeps_one_answer_and_lands_on_the_same_page(client, done):
    course, survey, _person = done
    first = client.post(_url(course), _valid(survey))
    second = client.post(_url(course), _valid(survey))
    assert first["Location"] == second["Location"]
    assert Response.objects.count() == 1 and Respondent.objects.count() == 1
    assert client.get(_url(course)).status_code == 302  # the page itself now says thank you


def test_someone_who_has_not_completed_the_course_cannot_answer(client):
    course = make_course(modules=1, lessons=1)
    make_survey(tier="self_paced")
    client.force_login(make_staff(username="notyet"))
    assert client.get(_url(course)).status_code == 403
    assert client.get(_url(course).replace(str(course.pk), str(2**70))).status_code == 404


def test_no_offer_without_a_survey(client):
    course = make_course(modules=1, lessons=1)
    client.force_login(completed_learner(course))
    assert "survey-offer" not in client.get(_course_url(course)).content.decode()
    assert client.get(_url(course)).status_code == 404
