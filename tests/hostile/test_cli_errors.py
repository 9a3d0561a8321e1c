"""Every command with broken arguments ends in one line on stderr and exit code 1 or 2, never a
traceback (issue 12). The real entry point (``concord.cli.main``) runs in process, so an exception
it let through would fail the test; a few runs as a child process check what a shell sees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from concord.cli import app, main

#: Placeholders in the cases below: a file that does not exist, a file that is not what is asked,
#: a folder that does not exist, a folder that does.
MISSING, JUNK, NO_DIR, FOLDER = "{missing}", "{junk}", "{no_dir}", "{folder}"
TOO_MANY = [arg for n in range(25) for arg in ("--actor", f"A{n:02d}")]

#: (arguments after ``--db DB``, exit code, words the one stderr line holds). Every command has
#: at least one case; an unknown option and a missing argument are added for each below.
CASES: list[tuple[tuple[str, ...], int, str]] = [
    (("ingest", "--no-analyze", MISSING), 1, "quarantined"),
    (("ingest", "--no-analyze", ""), 1, "an empty name"),
    (("ingest", "--no-analyze", "/dev/null"), 1, "not a regular file"),
    (("ingest", "--no-analyze", "ftp://news.example/x"), 1, "is not http or https"),
    (("batch", "--workers", "0"), 2, "--workers"),
    (("batch", "-"), 2, "not standard input"),
    (("batch", ""), 1, "an empty name"),
    (("articles", "--limit", "0"), 2, "--limit"),
    (("articles", "--limit", "9223372036854775808"), 2, "--limit"),
    (("articles", "--after", "nosuchid"), 1, "no article"),
    (("article", "nosuchid"), 1, "no article"),
    (("analysis", "nosuchid"), 1, "no article"),
    (("search", "talks", "--limit", "-1"), 2, "--limit"),
    (("stats", "extra-argument"), 2, "unexpected extra argument"),
    (("analyse", "--workers", "2"), 2, "No such option"),
    (("events", "--min-sources", "9223372036854775808"), 2, "--min-sources"),
    (("events", "--limit", "0"), 2, "--limit"),
    (("events", *TOO_MANY), 2, "at most 20 actor countries"),
    (("events", "--after", "ev-nosuch"), 1, "no event"),
    (("event", "ev-nosuch"), 1, "no event"),
    (("facts", *TOO_MANY), 2, "at most 20 actor countries"),
    (("compare", "ev-nosuch"), 1, "no event"),
    (("compare", "ev-nosuch", "--json", "--md"), 2, "choose one of"),
    (("timeline",), 2, "Missing option"),
    (("timeline", *TOO_MANY), 2, "at most 20 actor countries"),
    (("export", "--format", "pdf", "--out", "x.pdf"), 2, "is not one of"),
    (("export", "--format", "csv", "--out", f"{NO_DIR}/x.csv"), 1, "does not exist"),
    (("recluster", "now"), 2, "unexpected extra argument"),
    (("demo", "--json", "--md"), 2, "No such option"),
    (("serve", "--port", "70000"), 2, "--port"),
    (("serve", "--workers", "0"), 2, "--workers"),
    (("serve", "--host", "256.1.1.1", "--port", "8999"), 1, "cannot listen on"),
    (("quarantine", "--json", "extra"), 2, "No such command"),
    (("quarantine", "retry", "q-nosuch"), 1, "no quarantine entry"),
    (("quarantine", "drop", "q-nosuch"), 1, "no quarantine entry"),
    (("eval", "nosuch"), 2, "No such command"),
    (("eval", "events", MISSING), 1, "cannot open"),
    (("eval", "events", JUNK), 1, "missing column"),
    (("eval", "clusters", MISSING), 1, "no such file"),
    (("eval", "dyads", MISSING), 1, "cannot open"),
    (("eval", "compare", MISSING, MISSING), 1, "no such file"),
    (("eval", "facts", MISSING, MISSING), 1, "no such file"),
    (("actors", "--limit", "0"), 2, "--limit"),
    (("actor", "no-such-actor"), 1, "no actor"),
    (("dyad", "IND"), 2, "Missing argument"),
    (("dyads", "--limit", "0"), 2, "--limit"),
]

#: Broken settings, the same for every command: (environment or global options, exit code, words).
SETTINGS_CASES: list[tuple[dict[str, str], tuple[str, ...], int, str]] = [
    ({"CONCORD_WORKERS": "many"}, (), 2, "CONCORD_WORKERS"),
    ({"CONCORD_EVENT_CODER": "oracle"}, (), 2, "event_coder must be one of"),
    ({}, ("--config", MISSING), 2, "config file not found"),
    ({}, ("--config", JUNK), 2, "Expected '='"),
]

#: Stores concord cannot use. The busy-store and read-only cases belong to the store's own
#: error handling (issue 13) and are added here as (setup, words) when it reports them.
STORE_CASES: list[tuple[str, str]] = [
    ("/dev/null", "is not a regular file; give --db a file path"),
    (JUNK, "is not a concord store (not an SQLite database)"),
    (FOLDER, "is not a regular file; give --db a file path"),
]


def _commands() -> set[tuple[str, ...]]:
    """Every command path of the CLI, groups included."""
    found: set[tuple[str, ...]] = set()

    def walk(group: object, prefix: tuple[str, ...]) -> None:
        for name, command in group.commands.items():  # type: ignore[attr-defined]
            found.add((*prefix, name))
            if hasattr(command, "commands"):
                walk(command, (*prefix, name))

    walk(typer.main.get_command(app), ())
    return found


def _generic_cases() -> list[tuple[tuple[str, ...], int, str]]:
    """An unknown option for every command, and no arguments for each that needs one."""
    cases = []
    for path in sorted(_commands()):
        cases.append(((*path, "--no-such-option"), 2, "No such option"))
        command = typer.main.get_command(app)
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        if any(getattr(p, "required", False) for p in command.params):
            cases.append((path, 2, "Missing"))
    return cases


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    junk = tmp_path / "junk.txt"
    junk.write_text("this is not what was asked for\n")
    return {MISSING: str(tmp_path / "missing.tsv"), JUNK: str(junk), NO_DIR: str(tmp_path / "no" / "dir"),
            FOLDER: str(tmp_path)}


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``concord ARGS`` through the real entry point; returns (exit code, stdout, stderr)."""
    sys.argv = ["concord", *args]
    with pytest.raises(SystemExit) as ended:
        main()
    out, err = capsys.readouterr()
    return int(ended.value.code or 0), out, err


def _check(code: int, err: str, out: str, expected: int, words: str) -> None:
    assert "Traceback" not in out + err
    lines = err.splitlines()
    assert code == expected, err
    if words == "quarantined" or lines[0].startswith("  quarantined"):
        assert all(line.startswith("  quarantined ") for line in lines) and lines, err
    else:
        assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert words in err, err


def test_every_command_has_a_broken_case() -> None:
    covered = {args[: len(path)] for args, _, _ in CASES for path in _commands() if args[: len(path)] == path}
    assert _commands() <= covered, sorted(_commands() - covered)


@pytest.mark.parametrize(("args", "expected", "words"), CASES + _generic_cases(), ids=lambda v: str(v)[:60])
def test_broken_arguments_end_in_one_line(
    args: tuple[str, ...], expected: int, words: str, files: dict[str, str], tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CONCORD_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    given = [files.get(a, a).replace(NO_DIR, files[NO_DIR]) for a in args]
    code, out, err = run_main(["--db", str(tmp_path / "c.db"), *given], capsys)
    _check(code, err, out, expected, words)


@pytest.mark.parametrize(("env", "options", "expected", "words"), SETTINGS_CASES)
@pytest.mark.parametrize("command", [("stats",), ("ingest", "-"), ("events",)])
def test_broken_settings_end_in_one_line(
    env: dict[str, str], options: tuple[str, ...], expected: int, words: str, command: tuple[str, ...],
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    given = [files.get(o, o) for o in options]
    code, out, err = run_main(["--db", str(tmp_path / "c.db"), *given, *command], capsys)
    _check(code, err, out, expected, words)


@pytest.mark.parametrize(("db", "words"), STORE_CASES)
def test_a_store_concord_cannot_use_ends_in_one_line(
    db: str, words: str, files: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONCORD_DEBUG", raising=False)
    code, out, err = run_main(["--db", files.get(db, db), "stats"], capsys)
    _check(code, err, out, 1, words)


@pytest.mark.parametrize(
    ("args", "expected", "words"),
    [(("events", "--nope"), 2, "No such option"), (("article", "nosuch"), 1, "no article"),
     (("ingest", "--no-analyze", "/dev/null"), 1, "not a regular file")],
)
def test_a_shell_sees_one_line_too(args: tuple[str, ...], expected: int, words: str, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "concord.cli", "--db", str(tmp_path / "c.db"), *args],
                          capture_output=True, text=True, timeout=120)
    _check(done.returncode, done.stderr, done.stdout, expected, words)
