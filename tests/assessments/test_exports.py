"""Quiz figures and knowledge-gain exports go through core.exports: formula-safe, saying what they hold (finding 3)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from courses.services import enrol
from people.models import Role

from ..factories import make_staff
from .helpers import make_category, make_question, make_quiz, take

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/x","click")'


@pytest.fixture
def gain_url(course, client):
    category = make_category(course)
    questions = [make_question(category, stem="=1+1 sum?"), make_question(category)]
    pre = make_quiz(course, questions, role="pre_test", title="Before")
    post = make_quiz(course, questions, role="post_test", title="After")
    learner = make_staff(username="evil", first_name=EVIL, last_name="")
    enrol(learner=learner, course=course)
    take(pre, learner, right=1)
    take(post, learner, right=2)
    client.force_login(make_staff(username="boss", roles=[Role.ADMINISTRATOR]))
    return post


def test_a_name_starting_with_equals_is_text_in_xlsx_and_csv(client, gain_url):
    url = f"/en/quizzes/{gain_url.uuid}/knowledge-gain/"
    sheet = load_workbook(io.BytesIO(client.get(url + "?export=xlsx").content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == EVIL]
    assert cells and all(cell.data_type != "f" for cell in cells)
    text = client.get(url + "?export=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["'" + EVIL, "50.0", "100.0", "50.0"] in rows
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_item_analysis_stems_are_formula_safe_and_exports_say_what_they_hold(client, gain_url):
    url = f"/en/quizzes/{gain_url.uuid}/figures/"
    response = client.get(url + "?export=csv")
    assert 'filename="quiz-figures-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Quiz figures: After"] and rows[1][0] == "Scope"
    assert any(row and row[0] == "'=1+1 sum?" for row in rows)
    sheet = load_workbook(io.BytesIO(client.get(url + "?export=xlsx").content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.freeze_panes is not None


def test_an_unknown_format_is_a_translated_400(client, gain_url):
    response = client.get(f"/km/quizzes/{gain_url.uuid}/figures/?export=pdf")
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
