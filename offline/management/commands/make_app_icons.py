"""Draw the installed app's icons (offline/static/offline/icons/*.png) with Pillow.

Run again after a change of brand colour: `python manage.py make_app_icons`. The PNGs are
committed, so a deployment never needs to run this.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

from offline.identity import ICONS, THEME_COLOR

STATIC = Path(__file__).resolve().parents[2] / "static"


def draw_icon(size, *, maskable):
    """An open book in white on the brand colour. A maskable icon fills the square and keeps the
    book inside the central 80% circle that every launcher's mask leaves visible."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle([0, 0, size, size], fill=THEME_COLOR)
        scale = 0.5
    else:
        draw.rounded_rectangle([0, 0, size - 1, size - 1], radius=size // 6, fill=THEME_COLOR)
        scale = 0.66
    half = size * scale / 2
    cx, cy = size / 2, size / 2
    top, bottom = cy - half * 0.8, cy + half * 0.8
    gap = size * 0.02
    # Two pages, each a quadrilateral that dips toward the spine.
    dip = half * 0.12
    draw.polygon([(cx - half, top), (cx - gap, top + dip), (cx - gap, bottom), (cx - half, bottom - dip)], fill="white")
    draw.polygon([(cx + gap, top + dip), (cx + half, top), (cx + half, bottom - dip), (cx + gap, bottom)], fill="white")
    # Lines of text on the pages, in the brand colour.
    line = max(2, size // 64)
    for row in range(1, 5):
        y = top + dip + (bottom - top - 2 * dip) * row / 5
        draw.line([(cx - half * 0.8, y - dip * 0.5), (cx - half * 0.2, y)], fill=THEME_COLOR, width=line)
        draw.line([(cx + half * 0.2, y), (cx + half * 0.8, y - dip * 0.5)], fill=THEME_COLOR, width=line)
    return image


class Command(BaseCommand):
    help = "Draw the installed app's icons (192 and 512 pixels, and a maskable one) into offline/static."

    def handle(self, *args, **options):
        for path, size, purpose in ICONS:
            target = STATIC / path
            target.parent.mkdir(parents=True, exist_ok=True)
            draw_icon(size, maskable=purpose == "maskable").save(target, optimize=True)
            self.stdout.write(f"Wrote {target}")
