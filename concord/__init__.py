"""concord: news reports in, a corroborated, source-cited record of political events out.

The public API is what ``__all__`` lists; names load lazily so ``concord --help`` stays instant.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Concord": "concord.api",
    "IngestReport": "concord.pipeline",
    "BatchReport": "concord.batch",
    "Settings": "concord.settings",
    "load_settings": "concord.settings",
    "Store": "concord.store",
    "SQLiteStore": "concord.store.sqlite",
    "PostgresStore": "concord.store.postgres",
    "open_store": "concord.store",
    **{name: "concord.model" for name in (
        "Actor", "Analysis", "Article", "Citation", "Conflict", "ConflictValue", "Dateline",
        "Event", "EventMention", "Fact", "Sentence", "TimeExpression", "article_id",
        "from_dict", "to_dict",
    )},
    **{name: "concord.errors" for name in (
        "ConcordError", "DecodeError", "EmptyInputError", "FeedError", "FetchError", "InputError",
        "LexiconError", "MalformedRecordError", "ModelNotFoundError", "NotFoundError",
        "SettingsError", "StoreBusyError", "StoreError", "TooLargeError", "URLRefusedError", "UnsupportedInputError",
        "UsageError",
    )},
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'concord' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
