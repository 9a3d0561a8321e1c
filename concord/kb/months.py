"""Month names and abbreviations, shared by datelines (ingest) and dates in the text (analyze)."""

from __future__ import annotations

__all__ = ["MONTHS"]

#: Lower-case month name or abbreviation -> month number.
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
