"""One placement rule for forms, admin and import; names free of control and hidden format characters."""

import pytest
from django.core.exceptions import ValidationError

from people.forms import ProfileForm
from people.models import Country, Office, Position, Province, Role, StaffProfile
from people.validators import validate_placement

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def _office(province, code="OFF-1"):
    return Office.objects.create(province=province, code=code, name=f"Office {code}")


def test_a_consistent_placement_passes():
    phnom_penh = Province.objects.get(code="KH-12")
    office = _office(phnom_penh)
    position = Position.objects.first() or Position.objects.create(code="officer", name="Officer")
    assert validate_placement(country=phnom_penh.country, province=phnom_penh, office=office, position=position) is None
    assert validate_placement(country=phnom_penh.country, province=phnom_penh) is None


def test_each_inconsistency_is_named_by_its_field():
    cambodia = Country.objects.get(code="KH")
    vientiane = Province.objects.get(code="LA-VT")
    office_elsewhere = _office(Province.objects.get(code="KH-12"), code="OFF-KH")
    with pytest.raises(ValidationError) as caught:
        validate_placement(
            country=cambodia, province=vientiane, office=office_elsewhere, position=Position(code="x", name="unsaved")
        )
    assert set(caught.value.error_dict) == {"province", "office", "position"}


def test_the_model_and_so_the_admin_refuse_an_office_of_another_province():
    user = make_staff(username="placed")
    profile = user.staff_profile
    profile.office = _office(Province.objects.exclude(pk=profile.province_id).filter(country=profile.country).first())
    with pytest.raises(ValidationError) as caught:
        profile.full_clean()
    assert "office" in caught.value.error_dict


def test_the_profile_form_refuses_an_office_of_another_province_in_khmer(client):
    user = make_staff(username="mover", email="mover@example.org")
    profile = user.staff_profile
    other = Province.objects.exclude(pk=profile.province_id).filter(country=profile.country).first()
    office = _office(other)
    client.force_login(user)
    response = client.post(
        "/km/accounts/profile/",
        {
            "first_name": "A",
            "last_name": "B",
            "email": user.email,
            "preferred_language": "km",
            "sex": "female",
            "country": profile.country_id,
            "province": profile.province_id,
            "office": office.pk,
        },
    )
    assert response.status_code == 400
    assert "ការិយាល័យ" in response.context["form"].errors["office"][0]
    profile.refresh_from_db()
    assert profile.office_id is None


def test_profile_options_name_their_parent_for_the_narrowing_script(client):
    user = make_staff(username="chooser", email="chooser@example.org")
    office = _office(Province.objects.get(code="KH-12"))
    client.force_login(user)
    html = client.get("/en/accounts/profile/").content.decode()
    assert f'value="{office.pk}" data-parent="{office.province_id}"' in html
    assert "people/placement.js" in html


BIDI_OVERRIDE = "\u202e"


@pytest.mark.parametrize("bad", [f"Sok{BIDI_OVERRIDE}ahC", "Sok\x00ha", "Sok\u200bha", "Sok\u2066ha"])
def test_names_with_hidden_or_control_characters_are_refused_by_model_and_form(client, bad):
    user = make_staff(username="namer", email="namer@example.org")
    user.first_name = bad
    with pytest.raises(ValidationError) as caught:
        user.full_clean()
    assert "first_name" in caught.value.error_dict
    profile = user.staff_profile
    profile.name_native = bad
    with pytest.raises(ValidationError):
        profile.full_clean()
    form = ProfileForm(
        data={
            "first_name": "Ok",
            "last_name": bad,
            "name_native": bad,
            "email": user.email,
            "preferred_language": "km",
            "sex": "female",
            "country": profile.country_id,
            "province": profile.province_id,
        },
        instance=user,
        staff=profile,
    )
    assert not form.is_valid()
    assert {"last_name", "name_native"} <= set(form.errors)


def test_khmer_and_lao_names_with_joiners_are_accepted():
    user = make_staff(username="joined", email="joined@example.org")
    profile = user.staff_profile
    profile.name_native = "ស\u200bុខា".replace("\u200b", "\u200c") + " \u0ea5\u0eb2\u0ea7\u200d"
    profile.full_clean()
    profile.save()
    assert StaffProfile.objects.get(pk=profile.pk).name_native.endswith("\u200d")


def test_the_wagtail_admin_refuses_an_office_of_another_province(client):
    administrator = make_staff(username="chief", roles=(Role.ADMINISTRATOR,))
    profile = make_staff(username="edited", province="KH-12").staff_profile
    elsewhere = _office(Province.objects.get(code="KH-8"), code="OFF-KD")
    client.force_login(administrator)
    data = {
        "user": profile.user_id,
        "name_native": "",
        "sex": profile.sex,
        "disability": "",
        "country": profile.country_id,
        "province": profile.province_id,
        "office": elsewhere.pk,
        "position": "",
        "employee_id": profile.employee_id,
    }
    url = f"/admin/snippets/people/staffprofile/edit/{profile.pk}/"
    response = client.post(url, data)
    assert response.status_code == 200 and "This office is not in the chosen province." in response.content.decode()
    profile.refresh_from_db()
    assert profile.office_id is None
    data["office"] = _office(Province.objects.get(code="KH-12"), code="OFF-PP").pk
    assert client.post(url, data).status_code == 302
    profile.refresh_from_db()
    assert profile.office.code == "OFF-PP"
