"""After login each role lands where its work is; an explicit ?next= still wins."""

import pytest

from people.models import Country, Role
from people.services import grant_role

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def _login(client, username, next_url=None):
    url = "/en/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": "pass-word-123"})


def test_a_learner_lands_on_my_learning(client):
    make_staff(username="learner1")
    assert _login(client, "learner1")["Location"] == "/en/learning/"


def test_a_trainer_lands_on_their_cohorts(client):
    make_staff(username="trainer1", roles=(Role.LEARNER, Role.TRAINER))
    assert _login(client, "trainer1")["Location"] == "/en/cohorts/mine/"


def test_an_hr_planner_lands_on_the_hr_dashboard(client):
    planner = make_staff(username="planner1")
    grant_role(user=planner, role=Role.HR_PLANNER, country=Country.objects.get(code="KH"))
    assert _login(client, "planner1")["Location"] == "/en/hr/"


def test_an_editor_lands_in_the_admin(client):
    make_staff(username="editor1", roles=(Role.LEARNER, Role.CONTENT_EDITOR))
    assert _login(client, "editor1")["Location"] == "/admin/"


def test_an_explicit_next_wins(client):
    make_staff(username="trainer2", roles=(Role.LEARNER, Role.TRAINER))
    assert _login(client, "trainer2", next_url="/en/accounts/profile/")["Location"] == "/en/accounts/profile/"


def test_a_landing_follows_the_preferred_language(client):
    make_staff(username="lao-trainer", preferred_language="lo", roles=(Role.LEARNER, Role.TRAINER))
    assert _login(client, "lao-trainer")["Location"] == "/lo/cohorts/mine/"
