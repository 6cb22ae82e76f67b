"""Accounts for imported staff: invitation links (expiry, single use), activation codes, the HR page."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from notifications import invitations
from notifications.models import Invitation
from people.models import Position, User
from tests.competencies.helpers import planner
from tests.competencies.test_import import _upload

pytestmark = pytest.mark.django_db

ROWS = [
    "NEA-7001,Sokha,Chan,ចាន់ សុខា,sokha@example.org,female,none,KH-12,,counsellor",
    "NEA-7002,Bopha,Lim,,,female,,KH-2,,counsellor",
]


@pytest.fixture
def imported(client, django_capture_on_commit_callbacks, mailoutbox):
    Position.objects.create(code="counsellor", name="Counsellor")
    hr = planner(country="KH")
    client.force_login(hr)
    preview = client.post("/km/hr/import/", {"file": _upload(ROWS), "send_invitations": "on"})
    job = preview.context["job"]
    assert job.send_invitations
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/km/hr/import/", {"confirm": str(job.public_id)})
    job.refresh_from_db()
    return hr, job


def _link(mail):
    return re.search(r"https?://[^/]+(/\S+/accounts/activate/\S+/)", mail.body).group(1)


def test_new_people_with_an_address_get_one_invitation_in_their_language(client, imported, mailoutbox):
    _hr, job = imported
    sokha, bopha = User.objects.get(email="sokha@example.org"), User.objects.get(username__icontains="7002")
    assert Invitation.objects.filter(import_job=job).count() == 2
    assert [m.to for m in mailoutbox] == [["sokha@example.org"]]  # Bopha has no address: a code later
    mail = mailoutbox[0]
    assert "គណនី" in mail.subject and sokha.username in mail.body  # Khmer: a Cambodian import
    assert mail.alternatives and "href=" in mail.alternatives[0][0]
    from notifications.tasks import send_invitation

    send_invitation.call(invitation_id=sokha.invitation.pk)  # the task again: nothing more
    assert len(mailoutbox) == 1
    assert not bopha.has_usable_password()


def test_the_link_sets_a_password_once(client, imported, mailoutbox):
    client.logout()
    link = _link(mailoutbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": "a-long-Passw0rd!", "new_password2": "a-long-Passw0rd!"})
    assert response.status_code == 302
    sokha = User.objects.get(email="sokha@example.org")
    assert sokha.check_password("a-long-Passw0rd!") and sokha.invitation.activated_at is not None
    assert client.get(link).status_code == 410  # single use
    assert (
        client.post(link, {"new_password1": "x-other-Passw0rd!", "new_password2": "x-other-Passw0rd!"}).status_code
        == 410
    )
    assert client.get("/km/accounts/activate/not-a-token/").status_code == 404


def test_the_link_expires(client, imported, mailoutbox, monkeypatch):
    client.logout()
    link = _link(mailoutbox[0])
    later = timezone.now() + invitations.INVITATION_MAX_AGE + timedelta(minutes=1)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())
    response = client.get(link)
    assert response.status_code == 410
    assert not User.objects.get(email="sokha@example.org").has_usable_password()


def test_the_hr_page_lists_who_has_not_activated_in_scope_and_prints_codes(client, imported):
    hr, job = imported
    html = client.get("/km/hr/accounts/").content.decode()
    assert "NEA-7001".lower() in html.lower() or "Sokha" in html
    bopha = User.objects.get(username__icontains="7002")
    response = client.post("/km/hr/accounts/", {"invitation": [bopha.invitation.pk], "action": "codes"})
    assert response.status_code == 200
    code = re.search(r'class="code">([A-Z0-9]{4})-([A-Z0-9]{4})<', response.content.decode())
    code = "".join(code.groups())
    invitation = Invitation.objects.get(user=bopha)
    assert invitation.code_hash and code not in invitation.code_hash  # hashed at rest
    # The job's result page shows the same people.
    assert "Bopha" in client.get(f"/km/hr/import/{job.public_id}/").content.decode()

    # A Lao planner sees none of them and cannot act on them.
    lao = planner(country="LA")
    client.force_login(lao)
    assert "Bopha" not in client.get("/lo/hr/accounts/").content.decode()
    assert client.post("/lo/hr/accounts/", {"invitation": [invitation.pk], "action": "codes"}).status_code == 400
    # A learner may not open the page at all.
    client.force_login(bopha)
    assert client.get("/km/hr/accounts/").status_code == 403

    # Bopha activates with her user name and the code.
    client.logout()
    wrong = {
        "username": bopha.username,
        "code": "AAAA-AAAA",
        "new_password1": "Gd-pass-4321!",
        "new_password2": "Gd-pass-4321!",
    }
    assert client.post("/km/accounts/activate/", wrong).status_code == 400
    right = {**wrong, "code": code.lower()[:4] + " " + code.lower()[4:]}
    assert client.post("/km/accounts/activate/", right).status_code == 302
    bopha.refresh_from_db()
    assert bopha.check_password("Gd-pass-4321!")
    assert client.post("/km/accounts/activate/", right).status_code == 400  # single use


def test_a_code_is_void_after_too_many_wrong_tries_and_after_it_expires(imported):
    bopha = User.objects.get(username__icontains="7002")
    [(invitation, code)] = invitations.new_codes(invitations=[bopha.invitation])
    from core.errors import InvalidInput

    for _ in range(invitations.MAX_FAILED):
        with pytest.raises(InvalidInput):
            invitations.check_code(username=bopha.username, code="WRONG999")
    with pytest.raises(InvalidInput):  # the right code, too late: void
        invitations.check_code(username=bopha.username, code=code)
    [(invitation, code)] = invitations.new_codes(invitations=[Invitation.objects.get(pk=invitation.pk)])
    assert invitations.check_code(username=bopha.username, code=code) == bopha
    Invitation.objects.filter(pk=invitation.pk).update(code_expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(InvalidInput):
        invitations.check_code(username=bopha.username, code=code)
    with pytest.raises(InvalidInput):  # an unknown user gets the same answer
        invitations.check_code(username="nobody-at-all", code=code)


def test_resend_queues_a_new_e_mail(client, imported, mailoutbox, django_capture_on_commit_callbacks):
    sokha = User.objects.get(email="sokha@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/km/hr/accounts/", {"invitation": [sokha.invitation.pk], "action": "resend"})
    assert response.status_code == 302
    assert len(mailoutbox) == 2 and mailoutbox[1].to == ["sokha@example.org"]


def test_no_invitations_when_the_planner_says_so(client, django_capture_on_commit_callbacks, mailoutbox):
    Position.objects.create(code="counsellor", name="Counsellor")
    client.force_login(planner(country="KH"))
    preview = client.post("/en/hr/import/", {"file": _upload(ROWS)})  # the box unticked
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/hr/import/", {"confirm": str(preview.context["job"].public_id)})
    assert mailoutbox == []
    assert Invitation.objects.filter(sent_at__isnull=True).count() == 2  # listed, to send or print later
