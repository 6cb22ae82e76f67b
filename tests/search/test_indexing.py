"""The index follows the records: staff created in bulk (the import) are indexed when it commits;
places renamed are found by their new name."""

import pytest

from people.models import Position, StaffProfile
from search.models import SearchDocument

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def test_staff_created_by_the_import_are_indexed_when_it_commits(client, django_capture_on_commit_callbacks):
    """The import creates people in bulk (no save signals): its `staff_imported` signal indexes them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ..competencies.helpers import planner

    client.force_login(planner(country="KH"))
    upload = SimpleUploadedFile(
        "staff.csv",
        b"employee_id,first_name,last_name,name_native,email,sex,disability,province,office,position\n"
        b"NEA-7001,Bopha,Keo,,,female,,KH-12,,\n",
        content_type="text/csv",
    )
    preview = client.post("/en/hr/import/", {"file": upload})
    assert preview.status_code == 200
    assert not SearchDocument.objects.filter(staff_profile__employee_id="NEA-7001").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/hr/import/", {"confirm": str(preview.context["job"].public_id)})
    document = SearchDocument.objects.get(staff_profile__employee_id="NEA-7001")
    assert " bopha " in document.tokens and " keo " in document.tokens


def test_a_renamed_position_is_found_by_its_new_name():
    position = Position.objects.create(code="counsellor-x", name="Counsellor", name_km="អ្នកប្រឹក្សា")
    user = make_staff(username="dara")
    StaffProfile.objects.filter(user=user).update(position=position)
    StaffProfile.objects.get(user=user).save()
    assert " អ្នក ប្រឹក្សា " in SearchDocument.objects.get(staff_profile__user=user).tokens
    position.name_km = "មន្ត្រីប្រឹក្សាការងារ"
    position.save()
    tokens = SearchDocument.objects.get(staff_profile__user=user).tokens
    assert " អ្នក " not in tokens and " មន្ត្រី ប្រឹក្សា ការងារ " in tokens
