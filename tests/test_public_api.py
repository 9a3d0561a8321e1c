"""The public API is explicit: every name in ``concord.__all__`` resolves, errors share one root."""

from __future__ import annotations

import inspect
import subprocess
import sys

import concord
from concord import errors


def test_every_exported_name_resolves() -> None:
    for name in concord.__all__:
        assert getattr(concord, name) is not None, name


def test_error_tree_has_one_root_and_is_exported() -> None:
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__]
    for cls in classes:
        assert issubclass(cls, errors.ConcordError), cls
        assert cls.__name__ in concord.__all__, cls
        assert cls.__name__ in errors.__doc__, f"{cls.__name__} missing from the tree in errors.py"


def test_importing_concord_and_help_load_nothing_heavy() -> None:
    code = (
        "import sys, concord, concord.cli\n"
        "heavy = [m for m in ('spacy', 'trafilatura', 'sklearn', 'httpx', 'feedparser') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
