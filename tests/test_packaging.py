"""What a user installs is complete: every third-party import is declared in pyproject.toml, and
``concord demo`` runs from a built wheel in a fresh environment, away from the source tree."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _declared() -> set[str]:
    """Normalised names of every distribution pyproject.toml requires, extras included."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = [*project["dependencies"], *(s for extra in project["optional-dependencies"].values() for s in extra)]
    return {_normalise(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0]) for spec in specs}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> dict[str, str]:
    """Top-level modules the package imports, each with one file that imports it."""
    found: dict[str, str] = {}
    for path in sorted((REPO / "concord").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(REPO)))
    return found


def test_every_third_party_import_is_declared() -> None:
    owners = importlib.metadata.packages_distributions()
    declared = _declared()
    missing = []
    for module, where in _imported_modules().items():
        if module in sys.stdlib_module_names or module == "concord":
            continue
        dists = {_normalise(d) for d in owners.get(module, [module])}
        if not dists & declared:
            missing.append(f"{module} (imported in {where}; distribution {', '.join(sorted(dists))})")
    assert not missing, "imports not declared in pyproject.toml: " + "; ".join(missing)


def _build_wheel(out: Path) -> Path:
    """Build the wheel from a copy of the sources (the build leaves nothing in the checkout)."""
    tree = out / "src"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, tree / name)
    shutil.copytree(REPO / "concord", tree / "concord", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), "."],
        cwd=tree, check=True, capture_output=True,
    )
    (wheel,) = out.glob("concord-*.whl")
    return wheel


def _clean_venv(root: Path, wheel: Path) -> Path:
    """A new environment holding only the wheel; the test environment's packages are reachable
    through a path entry (its .pth files, among them the editable checkout's hook, are not run)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    python = root / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True)
    return root / "bin"


def _setuptools_builds_wheels() -> bool:
    """Whether the installed setuptools has ``bdist_wheel`` built in (70.1 and later: the dev extra)."""
    try:
        version = importlib.metadata.version("setuptools")
    except importlib.metadata.PackageNotFoundError:
        return False
    return tuple(int(p) for p in re.findall(r"\d+", version)[:2]) >= (70, 1)


@pytest.mark.skipif(not _setuptools_builds_wheels(), reason="building the wheel needs setuptools>=70.1 (dev extra)")
def test_demo_runs_from_an_installed_wheel(tmp_path: Path) -> None:
    """The wheel holds every data file of the checkout, and its ``concord demo`` ingests the corpus
    shipped inside it (analysis off, to keep the test cheap: the data files cover what it loads)."""
    bin_dir = _clean_venv(tmp_path / "venv", _build_wheel(tmp_path))
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run([str(bin_dir / "python"), "-c", "import concord; print(concord.__file__)"],
                           cwd=work, check=True, capture_output=True, text=True).stdout.strip()
    installed = Path(where).parent
    assert installed.is_relative_to(tmp_path / "venv"), where
    assert _data_files(installed) >= _data_files(REPO / "concord")
    done = subprocess.run([str(bin_dir / "concord"), "--db", "demo.db", "demo", "--json"], cwd=work,
                          capture_output=True, text=True, timeout=600, env={**os.environ, "CONCORD_ANALYZE": "0"})
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)["ingest"]
    assert report["ingested"] >= 20 and not report["quarantined"]
    assert all(Path(origin).is_relative_to(installed) for origin in _origins(work / "demo.db"))


def _data_files(package: Path) -> set[str]:
    """The files of a package other than Python sources and caches, relative to it."""
    return {str(p.relative_to(package)) for p in package.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}


def _origins(db: Path) -> list[str]:
    """Where the articles of a store were read from."""
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT json_extract(data, '$.origin') FROM articles")]
