"""Reference data, sign-up, profile, and the permission module's scopes."""

import pytest

from people import permissions
from people.models import Country, Province, Role, User

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def test_provinces_of_both_countries_are_loaded():
    assert Province.objects.filter(country__code="KH").count() == 25
    assert Province.objects.filter(country__code="LA").count() == 18
    phnom_penh = Province.objects.get(code="KH-12")
    assert phnom_penh.name_km == "ភ្នំពេញ"
    assert Country.objects.get(code="LA").timezone == "Asia/Vientiane"


def _signup_data(**overrides):
    province = Province.objects.get(code="KH-12")
    data = {
        "username": "sokha",
        "first_name": "Sokha",
        "last_name": "Chan",
        "name_native": "ចាន់ សុខា",
        "email": "sokha@example.org",
        "password1": "long-enough-pass-42",
        "password2": "long-enough-pass-42",
        "sex": "female",
        "disability": "",
        "country": province.country_id,
        "province": province.pk,
    }
    data.update(overrides)
    return data


def test_signup_creates_a_learner_with_a_profile(client):
    response = client.post("/km/accounts/signup/", _signup_data())
    assert response.status_code == 302
    user = User.objects.get(username="sokha")
    assert user.preferred_language == "km"
    assert user.staff_profile.name_native == "ចាន់ សុខា"
    assert permissions.roles_of(user) == {Role.LEARNER}


def test_signup_with_a_province_of_another_country_saves_nothing(client):
    lao_province = Province.objects.get(code="LA-VT")
    response = client.post("/km/accounts/signup/", _signup_data(province=lao_province.pk))
    assert response.status_code == 400
    assert "ខេត្ត" in response.content.decode()  # the message is in Khmer
    assert not User.objects.filter(username="sokha").exists()


def test_profile_edit_saves_language_and_office(client):
    user = make_staff(username="pat", preferred_language="km")
    client.force_login(user)
    profile = user.staff_profile
    response = client.post(
        "/km/accounts/profile/",
        {
            "first_name": "Pat",
            "last_name": "Lee",
            "name_native": "",
            "email": "pat@example.org",
            "preferred_language": "lo",
            "sex": "male",
            "disability": "visual",
            "country": profile.country_id,
            "province": profile.province_id,
        },
    )
    assert response.status_code == 302 and response["Location"].startswith("/lo/")
    user.refresh_from_db()
    profile.refresh_from_db()
    assert user.preferred_language == "lo" and profile.disability == "visual" and profile.has_disability


def test_profile_requires_login(client):
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_content_editor_joins_wagtail_editors():
    editor = make_staff(username="ed", roles=(Role.LEARNER, Role.CONTENT_EDITOR))
    editor.refresh_from_db()
    assert editor.is_staff and editor.groups.filter(name="Editors").exists()
    assert editor.has_perm("people.edit_content")


def test_password_reset_mails_a_link_in_the_readers_language(client, mailoutbox):
    make_staff(username="forgetful", email="forgetful@example.org")
    response = client.post("/lo/accounts/password/reset/", {"email": "forgetful@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "/lo/accounts/password/reset/" in body
    assert any("\u0e80" <= ch <= "\u0eff" for ch in mailoutbox[0].subject)


def test_logout_needs_a_post(client):
    client.force_login(make_staff(username="leaver"))
    assert client.get("/en/accounts/logout/").status_code == 405
    assert client.post("/en/accounts/logout/").status_code == 302
    assert client.get("/en/accounts/profile/").status_code == 302


def test_signup_can_be_closed(client, settings):
    settings.ALLOW_SIGNUP = False
    assert client.get("/en/accounts/signup/").status_code == 404


def test_roles_removed_in_the_admin_withdraw_wagtail_access():
    editor = make_staff(username="ex-editor", roles=(Role.LEARNER, Role.CONTENT_EDITOR))
    editor.role_assignments.filter(role=Role.CONTENT_EDITOR).delete()
    editor.refresh_from_db()
    assert not editor.is_staff and not editor.groups.filter(name="Editors").exists()


def test_profile_page_queries_stay_bounded(client, django_assert_max_num_queries):
    from people.models import Office

    user = make_staff(username="counted", email="counted@example.org")
    client.force_login(user)
    client.get("/en/accounts/profile/")  # warm the site cache
    with django_assert_max_num_queries(12) as captured:
        assert client.get("/en/accounts/profile/").status_code == 200
    before = len(captured)
    for number in range(30):
        Office.objects.create(province=user.staff_profile.province, code=f"Q-{number}", name=f"Office {number}")
    with django_assert_max_num_queries(before) as captured:
        client.get("/en/accounts/profile/")


@pytest.mark.parametrize("path", ["password/reset/", "password/reset/done/"])
def test_account_page_titles_follow_the_readers_language(client, path):
    html = client.get(f"/km/accounts/{path}").content.decode()
    title = html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert any("\u1780" <= ch <= "\u17ff" for ch in title), title
