"""E-mails are unique and verified: a profile change waits for a link opened by the address's owner."""

import re

import pytest
from django.core import signing
from django.db import IntegrityError, transaction

from people.models import Province, User
from people.services import EMAIL_CHANGE_SALT

from ..factories import make_staff

pytestmark = pytest.mark.django_db

KHMER = re.compile(r"[\u1780-\u17FF]")


def _profile_data(user, **overrides):
    profile = user.staff_profile
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "name_native": "",
        "email": user.email,
        "preferred_language": "km",
        "sex": profile.sex,
        "disability": "",
        "country": profile.country_id,
        "province": profile.province_id,
    }
    data.update(overrides)
    return data


def _link(mail):
    return re.search(r"http://testserver(/\S+)", mail.body).group(1)


def test_a_learner_cannot_take_a_colleagues_email_on_the_profile(client, mailoutbox):
    colleague = make_staff(username="colleague", email="colleague@example.org")
    learner = make_staff(username="copier", email="copier@example.org", preferred_language="km")
    client.force_login(learner)
    response = client.post("/km/accounts/profile/", _profile_data(learner, email="Colleague@Example.org"))
    assert response.status_code == 400
    assert KHMER.search(response.context["form"].errors["email"][0])
    learner.refresh_from_db()
    assert learner.email == "copier@example.org"
    assert mailoutbox == []
    assert User.objects.filter(email__iexact="colleague@example.org").get() == colleague


def test_a_new_email_applies_only_when_its_owner_opens_the_link_once(client, mailoutbox):
    learner = make_staff(username="mover", email="old@example.org", preferred_language="lo")
    client.force_login(learner)
    response = client.post(
        "/lo/accounts/profile/", _profile_data(learner, email="new@example.org", preferred_language="lo")
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.email == "old@example.org"  # not yet
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new@example.org"]
    assert re.search(r"[\u0E80-\u0EFF]", mailoutbox[0].subject + mailoutbox[0].body)  # in the user's language
    link = _link(mailoutbox[0])
    assert link.startswith("/lo/accounts/profile/e-mail/")

    intruder = make_staff(username="intruder")
    other = client.__class__()
    other.force_login(intruder)
    assert other.get(link).status_code == 403
    learner.refresh_from_db()
    assert learner.email == "old@example.org"

    assert client.get(link).status_code == 302
    learner.refresh_from_db()
    assert learner.email == "new@example.org"
    assert client.get(link).status_code == 410  # single use


def test_an_expired_or_forged_link_changes_nothing(client, settings):
    learner = make_staff(username="late", email="late@example.org")
    client.force_login(learner)
    token = signing.dumps({"user": learner.pk, "from": learner.email, "to": "x@example.org"}, salt=EMAIL_CHANGE_SALT)
    assert client.get(f"/en/accounts/profile/e-mail/{token}x/").status_code == 404
    settings.EMAIL_CHANGE_MAX_AGE = -1
    assert client.get(f"/en/accounts/profile/e-mail/{token}/").status_code == 410
    learner.refresh_from_db()
    assert learner.email == "late@example.org"


def test_a_link_fails_when_someone_else_took_the_address_meanwhile(client):
    learner = make_staff(username="slow", email="slow@example.org")
    client.force_login(learner)
    token = signing.dumps(
        {"user": learner.pk, "from": learner.email, "to": "taken@example.org"}, salt=EMAIL_CHANGE_SALT
    )
    make_staff(username="fast", email="taken@example.org")
    assert client.get(f"/en/accounts/profile/e-mail/{token}/").status_code == 409
    learner.refresh_from_db()
    assert learner.email == "slow@example.org"


def test_the_database_refuses_a_second_account_with_the_same_address_in_any_case():
    make_staff(username="first", email="same@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_staff(username="second", email="SAME@example.org")
    make_staff(username="blank1", email="")
    make_staff(username="blank2", email="")  # many accounts may have none


def test_signup_with_an_address_in_use_is_refused_in_the_readers_language(client):
    make_staff(username="owner", email="owner@example.org")
    province = Province.objects.get(code="KH-12")
    response = client.post(
        "/km/accounts/signup/",
        {
            "username": "newcomer",
            "first_name": "New",
            "last_name": "Comer",
            "email": "OWNER@example.org",
            "password1": "long-enough-pass-42",
            "password2": "long-enough-pass-42",
            "sex": "female",
            "country": province.country_id,
            "province": province.pk,
        },
    )
    assert response.status_code == 400
    assert KHMER.search(response.context["form"].errors["email"][0])
    assert not User.objects.filter(username="newcomer").exists()


def test_the_migration_keeps_each_address_on_one_account():
    from importlib import import_module

    from django.apps import apps as global_apps

    migration = import_module("people.migrations.0003_email_duplicates_cleared")
    kept = make_staff(username="kept", email="dup@example.org")
    User.objects.filter(pk=kept.pk).update(last_login="2026-01-01T00:00:00Z")
    # A database from before the rule: drop the constraint, make the duplicate, run the data step.
    from django.db import connection

    with connection.schema_editor() as editor:
        editor.remove_constraint(User, User._meta.constraints[0])
    dropped = make_staff(username="dropped2", email="DUP@example.org ")
    spaced = make_staff(username="spaced", email=" spaced@example.org ")
    migration.clear_duplicate_emails(global_apps, None)
    for user in (kept, dropped, spaced):
        user.refresh_from_db()
    assert (kept.email, dropped.email, spaced.email) == ("dup@example.org", "", "spaced@example.org")
    with connection.schema_editor() as editor:
        editor.add_constraint(User, User._meta.constraints[0])
