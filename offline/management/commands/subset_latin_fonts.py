"""Make the Latin web fonts (elearning/static/fonts/NotoSans-*.woff2) small enough for the lesson
page's data budget (tests/e2e/test_offline_data_budget.py).

A Khmer or Lao page still needs the Latin face for spaces, digits and punctuation, so every page
downloads it. The full Noto Sans woff2 (30 KB) carries small caps, old-style figures and other
alternates the site never asks for; this keeps the characters of site.css's unicode-range and
the default layout features, without hinting (which phones ignore): about 12 KB.
Run from the .ttf sources, which stay as they are: `python manage.py subset_latin_fonts`.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from fontTools import subset

FONTS = Path(settings.BASE_DIR) / "elearning" / "static" / "fonts"
UNICODES = "U+0000-017F,U+2000-206F,U+20AC,U+25CC"  # as site.css's unicode-range of "PES Sans" Latin
FEATURES = "kern,liga,mark,mkmk,ccmp,locl"


class Command(BaseCommand):
    help = "Write elearning/static/fonts/NotoSans-{Regular,Bold}.woff2 as small subsets of the .ttf sources."

    def handle(self, *args, **options):
        for name in ("NotoSans-Regular", "NotoSans-Bold"):
            target = FONTS / f"{name}.woff2"
            subset.main(
                [
                    str(FONTS / f"{name}.ttf"),
                    f"--unicodes={UNICODES}",
                    f"--layout-features={FEATURES}",
                    "--flavor=woff2",
                    "--no-hinting",
                    f"--output-file={target}",
                ]
            )
            self.stdout.write(f"Wrote {target} ({target.stat().st_size} bytes)")
