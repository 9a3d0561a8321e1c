"""Bounds every entry point applies to query arguments (CLI, Python API, REST API, pages).

A light module on purpose: the CLI reads it without importing the store or the pipeline.
"""

from __future__ import annotations

__all__ = ["MAX_ACTORS", "MAX_NUMBER"]

#: Most countries one event query may require (each must take part in every event listed).
MAX_ACTORS = 20
#: Largest count or page size a query takes.
MAX_NUMBER = 1_000_000_000
