"""The platform's languages, and the registration of Lao, which Django does not ship.

Django's LANG_INFO has Khmer but no Lao; without an entry, get_language_info('lo')
raises and the language switcher cannot name it. We add it here, once, at settings
import time, with its English and local names and its text direction. Django also names
Khmer "Khmer" in its own script's place; the switcher shows "ខ្មែរ".
"""

from django.conf import locale

EXTRA_LANG_INFO = {
    "km": {
        "bidi": False,
        "code": "km",
        "name": "Khmer",
        "name_local": "ខ្មែរ",
    },
    "lo": {
        "bidi": False,
        "code": "lo",
        "name": "Lao",
        "name_local": "ລາວ",
    },
}


def register_extra_languages():
    for code, info in EXTRA_LANG_INFO.items():
        locale.LANG_INFO[code] = {**locale.LANG_INFO.get(code, {}), **info}
