"""The installed app's identity: its colours (site.css's --brand and --bg) and its icons.

tests/offline/test_manifest.py checks these colours against elearning/static/css/site.css, so a
change of brand colour there fails a test until it is made here too.
"""

THEME_COLOR = "#0b4f8a"  # site.css --brand
BACKGROUND_COLOR = "#0b4f8a"  # the splash screen shows the icon on the brand colour
ICONS = [
    # (static path, size, purpose)
    ("offline/icons/icon-192.png", 192, "any"),
    ("offline/icons/icon-512.png", 512, "any"),
    ("offline/icons/icon-maskable-512.png", 512, "maskable"),
]
