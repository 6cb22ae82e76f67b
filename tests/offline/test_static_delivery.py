"""How production delivers the app shell: pages compressed, stylesheet and fonts under hashed
names cached for a year (WhiteNoise marks them immutable), the stylesheet pre-compressed."""

import gzip

import pytest
from django.core.management import call_command
from django.test import RequestFactory, override_settings

pytestmark = pytest.mark.django_db

PRODUCTION_STORAGE = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


def test_pages_are_compressed_and_their_csrf_token_is_masked_each_time(client):
    first = client.get("/km/accounts/login/", headers={"Accept-Encoding": "gzip"})
    second = client.get("/km/accounts/login/", headers={"Accept-Encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip"
    token = b'name="csrfmiddlewaretoken" value="'

    def csrf(response):
        html = gzip.decompress(response.content)
        start = html.index(token) + len(token)
        return html[start : html.index(b'"', start)]

    # BREACH needs a secret repeated in every compressed response; Django masks the token anew.
    assert csrf(first) != csrf(second)


def test_production_serves_hashed_css_and_fonts_cached_for_a_year(tmp_path, settings):
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={**settings.STORAGES, "staticfiles": PRODUCTION_STORAGE},
        WHITENOISE_USE_FINDERS=False,
    ):
        call_command(
            "collectstatic",
            "--noinput",
            verbosity=0,
            ignore_patterns=["wagtail*", "admin", "django_tasks*", "modeltranslation", "*.ttf", "table_block"],
        )
        from django.templatetags.static import static
        from whitenoise.middleware import WhiteNoiseMiddleware

        middleware = WhiteNoiseMiddleware(get_response=lambda request: None)
        css_url = static("css/site.css")
        font_url = static("fonts/NotoSansKhmer-Regular.woff2")
        assert css_url != "/static/css/site.css" and font_url != "/static/fonts/NotoSansKhmer-Regular.woff2"
        for url in (css_url, font_url):
            response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))
            assert response.status_code == 200
            control = response["Cache-Control"]
            max_age = int(control.split("max-age=")[1].split(",")[0])
            assert max_age >= 365 * 24 * 3600 and "immutable" in control
        css = middleware(RequestFactory().get(css_url, HTTP_ACCEPT_ENCODING="gzip"))
        assert css["Content-Encoding"] == "gzip"
        assert (tmp_path / "css").exists()
        stylesheet = (tmp_path / css_url.removeprefix("/static/")).read_text()
        assert "NotoSansKhmer-Regular." in stylesheet and "NotoSansKhmer-Regular.woff2" not in stylesheet
