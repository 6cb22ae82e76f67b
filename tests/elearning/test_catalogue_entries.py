"""Every catalogue holds each message once: catalogues from parallel branches merge as a union
(.gitattributes), and a message appended by two branches must not end up there twice with two
different translations, one of which Django would silently ignore."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_message_is_in_the_catalogue_once(path):
    entries = [(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path))]
    repeated = sorted({entry for entry in entries if entries.count(entry) > 1}, key=str)
    assert not repeated, repeated
