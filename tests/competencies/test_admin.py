"""The framework and position profiles are edited in the Wagtail admin, in three languages."""

import pytest

from people.models import Role

from ..factories import make_staff
from .helpers import make_framework

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    ["competencyarea", "competency", "proficiencylevel", "positionrequirement", "coursecompetency", "competencyrecord"],
)
def test_admin_lists_every_framework_snippet(client, model):
    make_framework()
    client.force_login(make_staff(roles=(Role.ADMINISTRATOR,)))
    assert client.get(f"/admin/snippets/competencies/{model}/").status_code == 200


def test_competency_form_has_every_language(client):
    framework = make_framework()
    client.force_login(make_staff(roles=(Role.ADMINISTRATOR,)))
    html = client.get(f"/admin/snippets/competencies/competency/edit/{framework['lmi'].pk}/").content.decode()
    for field in ("name_en", "name_km", "name_lo"):
        assert f'name="{field}"' in html
