import pytest
from django.test import Client

from .factories import make_course, make_staff


@pytest.fixture
def learner(db):
    return make_staff(username="learner", preferred_language="km")


@pytest.fixture
def course(db):
    return make_course()


@pytest.fixture
def logged_in(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def other_client(db):
    return Client()
