"""Every account page, and each of its error states, speaks Khmer and Lao: no English word is left.

Django has no Lao catalogue and its Khmer one lacks most account strings (labels, help texts,
validation errors, password rules); the root catalogues provide them. Each page is rendered as a
learner meets it, on /km/ and /lo/; its visible text and the attribute text a person reads or hears
(placeholder, aria-label, title, alt, the value of a submit button) are searched for runs of Latin
letters. Only what is not a translation may stay: what the person typed, the site's brand, the
language switcher's "English", e-mail examples.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from people.models import Country, Province

from ..factories import make_course, make_staff

LANGUAGES = ["km", "lo"]
# Not translations: the brand's acronym, the switcher's name of English in English, example domains.
ALLOWED_WORDS = {"PES", "English", "example", "org"}
PASSWORD = "pass-word-123"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
READ_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


class VisibleText(HTMLParser):
    """The text a person reads or hears: text nodes outside script/style, and read attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._hidden += 1
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def english_words(html, typed=()):
    parser = VisibleText()
    parser.feed(html)
    allowed = ALLOWED_WORDS | {word for value in typed for word in LATIN_WORD.findall(str(value))}
    return sorted({word for part in parser.parts for word in LATIN_WORD.findall(part)} - allowed)


def assert_speaks(response, lang, *, status=200, typed=()):
    assert response.status_code == status, response.status_code
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    left = english_words(html, typed)
    assert not left, f"English left on {response.request['PATH_INFO']}: {left}"
    return html


@pytest.fixture
def member(db):
    return make_staff(username="somchai", first_name="Somchai", last_name="Vong", email="somchai@example.org")


def signup_data(**overrides):
    country = Country.objects.get(code="KH")
    data = {
        "username": "newcomer",
        "first_name": "Sokha",
        "last_name": "Chan",
        "name_native": "",
        "email": "newcomer@example.org",
        "password1": "a-Long-and-unusual-phrase-42",
        "password2": "a-Long-and-unusual-phrase-42",
        "sex": "female",
        "disability": "",
        "country": country.pk,
        "province": Province.objects.filter(country=country).first().pk,
    }
    data.update(overrides)
    return data


SIGNUP_TYPED = ("newcomer", "Sokha", "Chan", "newcomer@example.org", "not-an-address", "unknown-value")


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
class TestLogIn:
    def test_the_page(self, client, lang):
        assert_speaks(client.get(f"/{lang}/accounts/login/"), lang)

    def test_an_empty_form(self, client, lang):
        html = assert_speaks(client.post(f"/{lang}/accounts/login/", {}), lang)
        assert 'class="errors"' in html

    def test_a_wrong_password(self, client, lang, member):
        response = client.post(f"/{lang}/accounts/login/", {"username": "somchai", "password": "wrong-one"})
        html = assert_speaks(response, lang, typed=("somchai",))
        assert 'class="form-errors"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
class TestSignUp:
    def test_the_page(self, client, lang):
        assert_speaks(client.get(f"/{lang}/accounts/signup/"), lang)

    def test_an_empty_form(self, client, lang):
        assert_speaks(client.post(f"/{lang}/accounts/signup/", {}), lang, status=400)

    def test_mismatched_passwords_and_a_bad_address(self, client, lang):
        data = signup_data(email="not-an-address", password2="another-phrase-entirely-7")
        html = assert_speaks(client.post(f"/{lang}/accounts/signup/", data), lang, status=400, typed=SIGNUP_TYPED)
        assert html.count('class="error"') >= 2

    @pytest.mark.parametrize("password", ["123", "12345678", "password", "newcomer1"])
    def test_weak_passwords(self, client, lang, password):
        """Too short, entirely numeric, too common, too similar to the user name."""
        data = signup_data(password1=password, password2=password)
        assert_speaks(client.post(f"/{lang}/accounts/signup/", data), lang, status=400, typed=SIGNUP_TYPED)

    def test_a_taken_user_name_and_a_bad_choice(self, client, lang, member):
        data = signup_data(username="somchai", sex="unknown-value", province="999999")
        html = assert_speaks(
            client.post(f"/{lang}/accounts/signup/", data), lang, status=400, typed=SIGNUP_TYPED + ("somchai",)
        )
        assert html.count('class="error"') >= 3


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
class TestPasswordChange:
    @pytest.fixture
    def signed_in(self, client, member):
        client.force_login(member)
        return client

    def test_the_page(self, signed_in, lang):
        assert_speaks(signed_in.get(f"/{lang}/accounts/password/change/"), lang, typed=("somchai", "Somchai", "Vong"))

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"old_password": "wrong-one", "new_password1": "x-Fresh-phrase-91", "new_password2": "x-Fresh-phrase-91"},
            {"old_password": PASSWORD, "new_password1": "x-Fresh-phrase-91", "new_password2": "x-Other-phrase-92"},
            {"old_password": PASSWORD, "new_password1": "1234", "new_password2": "1234"},
            {"old_password": PASSWORD, "new_password1": "somchaivong", "new_password2": "somchaivong"},
        ],
        ids=["empty", "wrong-old", "mismatch", "short-numeric", "similar"],
    )
    def test_error_states(self, signed_in, lang, data):
        response = signed_in.post(f"/{lang}/accounts/password/change/", data)
        html = assert_speaks(response, lang, typed=("somchai", "Somchai", "Vong", "somchaivong"))
        assert 'class="error"' in html

    def test_the_profile_page_and_its_errors(self, signed_in, lang):
        assert_speaks(signed_in.get(f"/{lang}/accounts/profile/"), lang, typed=("somchai", "Somchai", "Vong"))
        response = signed_in.post(f"/{lang}/accounts/profile/", {"email": "nope", "preferred_language": "xx"})
        assert_speaks(response, lang, status=400, typed=("somchai", "nope", "xx"))


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
class TestPasswordReset:
    def test_request_and_its_errors(self, client, lang):
        assert_speaks(client.get(f"/{lang}/accounts/password/reset/"), lang)
        html = assert_speaks(client.post(f"/{lang}/accounts/password/reset/", {"email": "nope"}), lang, typed=("nope",))
        assert 'class="error"' in html
        assert_speaks(client.post(f"/{lang}/accounts/password/reset/", {}), lang)

    def test_done_and_complete(self, client, lang, member):
        response = client.post(f"/{lang}/accounts/password/reset/", {"email": "somchai@example.org"}, follow=True)
        assert_speaks(response, lang)
        assert_speaks(client.get(f"/{lang}/accounts/password/reset/done/"), lang)

    def test_confirm_and_its_errors(self, client, lang, member):
        uid = urlsafe_base64_encode(force_bytes(member.pk))
        token = default_token_generator.make_token(member)
        response = client.get(f"/{lang}/accounts/password/reset/{uid}/{token}/", follow=True)
        form_url = response.request["PATH_INFO"]
        assert_speaks(response, lang)
        for data in (
            {},
            {"new_password1": "x-Fresh-phrase-91", "new_password2": "x-Other-phrase-92"},
            {"new_password1": "abc", "new_password2": "abc"},
            {"new_password1": "qwerty123", "new_password2": "qwerty123"},
        ):
            html = assert_speaks(client.post(form_url, data), lang)
            assert 'class="error"' in html

    def test_an_expired_link(self, client, lang, member):
        uid = urlsafe_base64_encode(force_bytes(member.pk))
        assert_speaks(client.get(f"/{lang}/accounts/password/reset/{uid}/not-a-token/"), lang)


def test_the_check_finds_english():
    """The detector itself: an English word in text or in a read attribute is found, typed text is not."""
    html = '<p>ពាក្យសម្ងាត់ This field</p><input type="submit" value="Save"><a title="Help" href="/x">ok</a>'
    assert english_words(html, typed=("ok",)) == ["Help", "Save", "This", "field"]
    assert english_words("<script>var English = 1;</script><p>ລະຫັດຜ່ານ PES</p>") == []


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "path", ["/?tier=bogus", "/?tier=bogus&language=zz&q=%00", "/cohorts/?tier=bogus&province=zz&country=qq"]
)
def test_filter_errors_speak_the_language(client, lang, path):
    """Django's own messages for a bad filter value (an unknown choice) are translated too."""
    make_course()
    assert_speaks(client.get(f"/{lang}{path}"), lang, status=400, typed=("bogus", "zz", "qq"))
