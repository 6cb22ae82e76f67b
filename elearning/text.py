"""Khmer text normalised to one spelling: kept in core (core.text) so that every app can use it.

The platform's own catalogues are kept in this form (tests/elearning/test_glossary.py); content is
normalised when saved (core.text.normalise_khmer_before_save) and by `manage.py normalize_khmer`.
"""

from core.text import COENG, COENG_DA, COENG_TA, normalize_khmer, same_text

__all__ = ["COENG", "COENG_DA", "COENG_TA", "normalize_khmer", "same_text"]
