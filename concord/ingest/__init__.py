"""Ingestion: inputs (files, directories, stdin, URLs, feeds) to clean, dated articles.

``iter_records`` reads inputs into :class:`RawRecord` objects (or the :class:`InputError` of
an input that could not be read); ``build_article`` turns one record into an ``Article``.
"""

from __future__ import annotations

from .build import build_article
from .record import RawRecord
from .sources import iter_records

__all__ = ["RawRecord", "build_article", "iter_records"]
