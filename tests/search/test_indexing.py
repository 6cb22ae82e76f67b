"""The index follows the records: staff created in bulk (the import) are indexed when the job ends;
places renamed are found by their new name."""

import pytest

from people.models import Country, Position, StaffProfile
from search.models import SearchDocument

from ..factories import UserFactory, make_staff

pytestmark = pytest.mark.django_db


def test_staff_created_in_bulk_are_indexed_when_a_background_job_ends():
    from competencies.tasks import run_import

    user = UserFactory(first_name="Bopha", last_name="Keo")
    country = Country.objects.get(code="KH")
    StaffProfile.objects.bulk_create(
        [StaffProfile(user=user, sex="female", country=country, province=country.provinces.first())]
    )
    assert not SearchDocument.objects.filter(staff_profile__user=user).exists()  # bulk_create sends no signal
    run_import.enqueue(job_id=2**31)  # any background job; this one finds nothing to import
    document = SearchDocument.objects.get(staff_profile__user=user)
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
