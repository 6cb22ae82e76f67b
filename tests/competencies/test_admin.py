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


def test_admin_export_of_records_is_formula_safe_and_scoped(client):
    import csv
    import io

    from django.utils import timezone

    from competencies.models import CompetencyRecord, Source

    from .helpers import planner

    framework = make_framework()
    person = make_staff(country="KH", username="+cmd|calc")
    CompetencyRecord.objects.create(
        person=person,
        competency=framework["lmi"],
        level=framework["levels"][1],
        source=Source.SUPERVISOR,
        achieved_at=timezone.now(),
    )
    lao = make_staff(country="LA")
    CompetencyRecord.objects.create(
        person=lao,
        competency=framework["lmi"],
        level=framework["levels"][1],
        source="supervisor",
        achieved_at=timezone.now(),
    )
    client.force_login(make_staff(roles=(Role.ADMINISTRATOR,)))
    response = client.get("/admin/snippets/competencies/competencyrecord/?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    people = [row[0] for row in rows[1:]]
    assert "'+cmd|calc" in people and "+cmd|calc" not in people

    from competencies.policies import hr_scope  # noqa: F401  (the records admin asks the policy)
    from core.permissions import visible_to

    khmer_planner = planner(country="KH")
    seen = visible_to(khmer_planner, "competencies.view_record", CompetencyRecord.objects.all())
    assert [record.person_id for record in seen] == [person.pk]
