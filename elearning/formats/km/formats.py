"""Date and number formats for Khmer (km).

Django ships a Khmer format module without number separators; Cambodia groups
thousands with a point and writes decimals with a comma (1.250,5) in Khmer text (CLDR's km).
Every number a Khmer page shows goes through these (templates localise; Python code uses
django.utils.formats.localize / number_format, never str() or an f-string of a float), so a
page never mixes "55,6" with "33.3". CSS values in style attributes use |unlocalize instead.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
