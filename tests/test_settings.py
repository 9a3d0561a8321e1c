"""Settings: defaults < config file < CONCORD_* environment < explicit overrides, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from concord.errors import SettingsError
from concord.settings import Settings, load_settings


def test_precedence(tmp_path: Path) -> None:
    config = tmp_path / "concord.toml"
    config.write_text('db = "file.db"\nmax_bytes = 10\nworkers = 3\nspacy_models = ["a", "b"]\n')
    env = {"CONCORD_MAX_BYTES": "20", "CONCORD_WORKERS": "4"}
    settings = load_settings(config, env, workers=5)
    assert settings.db == "file.db"
    assert settings.max_bytes == 20
    assert settings.workers == 5
    assert settings.spacy_models == ("a", "b")
    assert load_settings(None, {}) == Settings()


def test_environment_types(tmp_path: Path) -> None:
    env = {"CONCORD_ALLOW_PRIVATE_URLS": "yes", "CONCORD_FETCH_TIMEOUT": "2.5", "CONCORD_SPACY_MODELS": "x, y",
           "CONCORD_EVENT_CODER": "features"}
    settings = load_settings(None, env)
    assert settings.event_coder == "features"
    assert settings.allow_private_urls is True
    assert settings.fetch_timeout == 2.5
    assert settings.spacy_models == ("x", "y")


@pytest.mark.parametrize(
    ("env", "message"),
    [({"CONCORD_WORKERS": "many"}, "CONCORD_WORKERS"), ({"CONCORD_ANALYZE": "perhaps"}, "not a boolean"),
     ({"CONCORD_EVENT_CODER": "fast"}, "CONCORD_EVENT_CODER: event_coder must be one of model, features, rules")],
)
def test_bad_values_name_their_origin(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(None, env)


def test_bad_config_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("db = \n")
    with pytest.raises(SettingsError, match="broken.toml"):
        load_settings(broken, {})
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "missing.toml", {})
    with pytest.raises(SettingsError, match="unknown setting"):
        load_settings(None, {}, colour="blue")
    with pytest.raises(SettingsError, match="event_coder must be one of"):
        Settings(event_coder="neural")


def test_unknown_file_keys_are_kept_as_extra(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[cluster]\nthreshold = 0.5\n")
    assert load_settings(config, {}).extra == {"cluster": {"threshold": 0.5}}
