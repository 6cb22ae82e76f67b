"""End to end in Chromium, on a machine without Khmer fonts: an editor types Khmer (and Lao) in the
admin, and Chrome itself reports which font drew the text: the Noto web fonts the site ships, not a
fallback (a fallback with no Khmer glyphs draws boxes).

The machine's own fonts are noted in the report: `fc-list :lang=km` finds none here; Lao is
covered by DejaVu Sans, so Lao "worked" before only by luck.
"""

from pathlib import Path

import pytest

from people.models import Role

from ..factories import make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
KHMER_TITLE = "វគ្គបណ្តុះបណ្តាលអ្នកប្រឹក្សាការងារ"
KHMER_OUTCOME = "ស្វែងយល់ពីសេវាការងារសាធារណៈ និងការចុះឈ្មោះអ្នករកការងារ"
LAO_TITLE = "ຫຼັກສູດຝຶກອົບຮົມທີ່ປຶກສາວຽກງານ"


def _fonts_for(cdp, selector):
    """The fonts Chrome used to draw the text of the element matched by `selector` (CSS domain)."""
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, selector
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def test_an_editor_types_khmer_in_a_title_and_a_rich_text_block_and_sees_it_in_noto(live_server, browser):
    make_staff(username="editor", roles=(Role.CONTENT_EDITOR,), preferred_language="en")
    course = make_course(modules=1, lessons=1)
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(20000)

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
    for locale in ("km", "lo"):  # show the Khmer and Lao fields (the editor's choice is remembered)
        toggle = page.locator("button.locale-toggle", has_text=locale)
        if "showing-locale" not in (toggle.get_attribute("class") or ""):
            toggle.click()
    page.fill("input[name=title_km]", KHMER_TITLE)
    page.fill("input[name=title_lo]", LAO_TITLE)
    editor = page.locator('[data-contentpath="learning_outcomes_km"] [contenteditable="true"]')
    editor.click()
    page.keyboard.type(KHMER_OUTCOME)
    # Wait for the web fonts themselves (no sleeping): load the faces for the scripts on the page.
    page.evaluate(
        """async () => {
            await document.fonts.load('16px "PES Khmer Lao"', 'ក');
            await document.fonts.load('16px "PES Khmer Lao"', 'ກ');
            await document.fonts.ready;
        }"""
    )

    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    rich = _fonts_for(cdp, '[data-contentpath="learning_outcomes_km"] [data-text="true"]')
    title = _fonts_for(cdp, "input[name=title_km]")
    lao = _fonts_for(cdp, "input[name=title_lo]")

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-khmer-rich-text.png"), full_page=False)
    page.locator("input[name=title_km]").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "admin-khmer-title.png"), full_page=False)
    context.close()

    for fonts in (rich, title):
        khmer = [font for font in fonts if font["familyName"] == "Noto Sans Khmer"]
        assert khmer and khmer[0]["isCustomFont"], fonts  # the web font, not one of the machine
        # Every glyph of the Khmer text comes from Noto; only the Latin/space part may be elsewhere.
        others = [font for font in fonts if font["familyName"] != "Noto Sans Khmer"]
        assert sum(font["glyphCount"] for font in others) <= 2, fonts
    assert rich[0]["familyName"] == "Noto Sans Khmer"
    assert any(font["familyName"] == "Noto Sans Lao" and font["isCustomFont"] for font in lao), lao
