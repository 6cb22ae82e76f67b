from pathlib import Path

import pytest

from assessments.models import QuestionBank

FILES = Path(__file__).parent / "files"


@pytest.fixture
def read():
    return lambda name: (FILES / name).read_bytes()


@pytest.fixture
def bank(db):
    return QuestionBank.objects.create(name="Imported", name_en="Imported")


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English; a test that wants another language overrides it."""
    from django.utils import translation

    with translation.override("en"):
        yield
