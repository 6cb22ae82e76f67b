"""Editors write surveys in the Wagtail admin; a choice question needs its choices in every language alike."""

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import Question, Survey
from people.models import Role

from ..factories import make_course, make_staff
from .helpers import make_survey

pytestmark = pytest.mark.django_db


def test_an_editor_opens_the_survey_list_and_a_survey(client):
    survey = make_survey(tier="webinar")
    client.force_login(make_staff(username="survey-editor", roles=(Role.CONTENT_EDITOR,)))
    assert client.get("/admin/snippets/evaluations/survey/").status_code == 200
    page = client.get(f"/admin/snippets/evaluations/survey/edit/{survey.pk}/").content.decode()
    assert "text_km" in page and "options_lo" in page and "low_label_km" in page


def test_a_learner_cannot_open_the_surveys_in_the_admin(client):
    client.force_login(make_staff(username="survey-learner"))
    assert client.get("/admin/snippets/evaluations/survey/").status_code in (302, 403)


def test_choices_must_match_line_for_line_and_a_survey_is_for_a_course_or_a_tier():
    question = Question(kind="single", text_en="Length?", options_en="Short\nRight\nLong", options_km="ខ្លី\nសមរម្យ")
    with pytest.raises(ValidationError):
        question.clean()
    with pytest.raises(ValidationError):
        Question(kind="multiple", text_en="What?", options_en="Only one").clean()
    with pytest.raises(ValidationError):
        Survey(title="Both", course=make_course(modules=0, lessons=0), tier="webinar").clean()
    with pytest.raises(ValidationError):
        Survey(title="Neither").clean()
