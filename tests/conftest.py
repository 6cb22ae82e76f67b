import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from .factories import make_course, make_staff


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back between tests, so must it be."""
    from django.core.cache import cache

    from core.cache import clear_local

    cache.clear()
    clear_local()
    yield
    cache.clear()
    clear_local()


@pytest.fixture(autouse=True)
def _language_reset():
    """Each test starts and ends in the default language.

    Django's test client leaves the language of the last request active in this thread (/km/, say),
    and a login outside a request does too: `Client().force_login(user)` fires
    people.signals.activate_preferred_language here, in the test's own thread (the runserver tests
    tests/assessments/test_restart.py and tests/courses/test_shared_cache.py log a Khmer learner in
    so). Left active, a later test reads the Khmer columns of translated fields, and the pages it
    builds take their Khmer title as Wagtail's untranslated `draft_title`, which is what the admin's
    page chooser shows (tests/test_language_reset.py)."""
    translation.deactivate()
    yield
    translation.deactivate()


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """As `make migrate` does: fill the English columns of pages created by data migrations."""
    with django_db_blocker.unblock():
        call_command("update_translation_fields", verbosity=0)
