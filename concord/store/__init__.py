"""Persistence behind one protocol: SQLite (embedded default) or PostgreSQL, chosen by ``--db``."""

from .base import ArticleFilter, EventFilter, QuarantineEntry, Report, SearchHit, Store
from .open import open_store

__all__ = ["ArticleFilter", "EventFilter", "QuarantineEntry", "Report", "SearchHit", "Store", "open_store"]
