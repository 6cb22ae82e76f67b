"""Compile every locale/*.po (project and apps) to .mo without needing GNU gettext installed.

Django's compilemessages calls msgfmt, which a fresh machine may lack; `make run` must work
there. Fuzzy and untranslated entries are left out, as msgfmt does.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile .po translation catalogues to .mo (pure Python)."

    def handle(self, *args, **options):
        roots = [Path(p) for p in settings.LOCALE_PATHS] + [Path(settings.BASE_DIR)]
        seen = set()
        count = 0
        for root in roots:
            for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")) + sorted(root.glob("*/LC_MESSAGES/*.po")):
                if ".venv" in po_path.parts or po_path in seen:
                    continue
                seen.add(po_path)
                catalogue = polib.pofile(str(po_path))
                compiled = polib.POFile()
                compiled.metadata = catalogue.metadata
                for entry in catalogue:
                    if entry.obsolete or "fuzzy" in entry.flags or not entry.translated():
                        continue
                    compiled.append(entry)
                compiled.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        self.stdout.write(f"Compiled {count} catalogue(s).")
