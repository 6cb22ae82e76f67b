"""The shared form template: every input names its help text and its errors, and no id repeats.

A screen reader announces what aria-describedby points to; a dangling or repeated id silences it.
Checked on the log-in, sign-up and profile forms, in Khmer and Lao, empty and with errors.
"""

from collections import Counter
from html.parser import HTMLParser

import pytest

from ..factories import make_staff

FIELD_TAGS = ("input", "select", "textarea")


class Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = Counter()
        self.fields = []  # (name, aria-describedby ids, aria-invalid)
        self.texts = {}
        self._open = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
            self._open.append((tag, attrs["id"]))
        if tag in FIELD_TAGS and attrs.get("type") not in ("hidden", "submit"):
            described = (attrs.get("aria-describedby") or "").split()
            self.fields.append((attrs.get("name"), described, attrs.get("aria-invalid")))

    def handle_data(self, data):
        for _tag, open_id in self._open:
            self.texts[open_id] = self.texts.get(open_id, "") + data

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()


def parse(response):
    parser = Ids()
    parser.feed(response.content.decode())
    return parser


def assert_well_described(parser):
    repeated = [value for value, count in parser.ids.items() if count > 1]
    assert not repeated, f"repeated ids: {repeated}"
    for name, described, _invalid in parser.fields:
        for target in described:
            assert parser.ids[target] == 1, f"{name}: aria-describedby names a missing id {target!r}"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["km", "lo"])
def test_sign_up_help_texts_are_announced(client, lang):
    parser = parse(client.get(f"/{lang}/accounts/signup/"))
    assert_well_described(parser)
    described = {name: ids for name, ids, _ in parser.fields}
    # The password rules and the username rule are help texts; each input names its own.
    assert described["password1"] == ["id_password1_helptext"]
    assert described["username"] == ["id_username_helptext"]
    assert described["disability"] == ["id_disability_helptext"]
    assert parser.texts["id_password1_helptext"].strip()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["km", "lo"])
def test_sign_up_errors_are_announced_with_the_help_text(client, lang):
    data = {"username": "x y", "email": "nope", "password1": "123", "password2": "123"}
    response = client.post(f"/{lang}/accounts/signup/", data)
    assert response.status_code == 400
    parser = parse(response)
    assert_well_described(parser)
    fields = {name: (ids, invalid) for name, ids, invalid in parser.fields}
    # password2 carries several errors (too short, too common, numeric): one list, one id.
    assert fields["password2"] == (["id_password2_helptext", "id_password2_errors"], "true")
    assert fields["email"] == (["id_email_errors"], "true")
    assert fields["username"][0] == ["id_username_helptext", "id_username_errors"]
    assert len(parser.texts["id_password2_errors"].strip()) > 0


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["km", "lo"])
def test_log_in_errors_are_announced(client, lang):
    parser = parse(client.post(f"/{lang}/accounts/login/", {}))
    assert_well_described(parser)
    fields = {name: ids for name, ids, _ in parser.fields}
    assert fields.pop("q") == []  # the header's search box, on every page: labelled, nothing to describe
    assert fields == {"username": ["id_username_errors"], "password": ["id_password_errors"]}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["km", "lo"])
def test_profile_errors_are_announced(client, lang):
    client.force_login(make_staff(username="member"))
    parser = parse(client.post(f"/{lang}/accounts/profile/", {"email": "nope"}))
    assert_well_described(parser)
    fields = {name: ids for name, ids, _ in parser.fields}
    assert fields["email"] == ["id_email_helptext", "id_email_errors"]
    assert fields["disability"] == ["id_disability_helptext"]
    assert fields["first_name"] == ["id_first_name_errors"]
