"""Month names for dates printed on certificates ("25 November 2026").

Django ships no Lao catalogue, so its month names (the "F" date format) would stay English on a
Lao certificate. Listing the same msgids here puts them in this app's catalogues, which Django
merges with its own; the Khmer entries repeat Django's Khmer names.
"""

from django.utils.translation import gettext_noop

MONTH_NAMES = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
