"""Khmer text normalised to one spelling: the functions live in core.text (every app may use them)."""

from core.text import COENG, COENG_DA, COENG_TA, normalize_khmer, same_text

__all__ = ["COENG", "COENG_DA", "COENG_TA", "normalize_khmer", "same_text"]
