"""CAMEO actor codes: a country (ISO3) followed by 3-letter agent codes, e.g. ``USAGOVMIL``.

A code that opens with an organisation type (``IGOUNO``, ``NGOHRI``) has no country; the chunks
that name one organisation (``UNO``, ``WHO``, ``NAT``) stay in the code but are not sectors.
"""

from __future__ import annotations

import re
from collections.abc import Collection

__all__ = ["CODE_RE", "split_code"]

#: A well-formed actor code: upper-case letters in chunks of three (an optional numeric tail is
#: kept by some NGO codes in the dictionaries and ignored here).
CODE_RE = re.compile(r"[A-Z]{3}(?:[A-Z]{3})*")


def split_code(
    code: str,
    countries: Collection[str] | None = None,
    sectors: Collection[str] | None = None,
) -> tuple[str | None, tuple[str, ...]]:
    """The ISO3 country and the sector codes of a CAMEO actor code.

    ``split_code("USAGOVMIL") == ("USA", ("GOV", "MIL"))``; ``split_code("IGOUNO") == (None, ("IGO",))``.
    ``countries`` and ``sectors`` default to the knowledge base's (the build script passes its own).
    """
    if countries is None or sectors is None:
        from .base import knowledge_base

        kb = knowledge_base()
        countries = kb.country_codes if countries is None else countries
        sectors = kb.sector_codes if sectors is None else sectors
    letters = code.lstrip("~").rstrip("0123456789")
    chunks = [letters[i:i + 3] for i in range(0, len(letters) - len(letters) % 3, 3)]
    country = chunks[0] if chunks and chunks[0] in countries else None
    rest = chunks[1:] if country else chunks
    return country, tuple(dict.fromkeys(c for c in rest if c in sectors))
