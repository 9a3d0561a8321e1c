"""Lexicon files validate at load and point at the bad file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from concord.analyze.aliases import regex_check, sector_check
from concord.analyze.lexicon import LEXICON_DIR, read_table
from concord.errors import LexiconError


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_bad_sector_code_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "titles.tsv", "# comment\ntitle\trole\tsector\nEnvoy\tEnvoy\tGOV\nGeneral\tGeneral\tMILITARY\n")
    with pytest.raises(LexiconError) as info:
        read_table(path, ("title", "role", "sector"), {"sector": sector_check})
    assert str(info.value).startswith(f"{path}:4: ")
    assert "MILITARY" in str(info.value)
    assert info.value.line == 4


def test_bad_regex_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "fact_cues.tsv", "pattern\tkind\tnear\nsigned\t*\tany\n\nsigned (in\t*\tany\n")
    with pytest.raises(LexiconError, match=r"fact_cues\.tsv:4: .*regular expression"):
        read_table(path, ("pattern", "kind", "near"), {"pattern": regex_check})


def test_missing_column_and_extra_cells(tmp_path: Path) -> None:
    path = _write(tmp_path, "groups.tsv", "noun\trefers\nministers\tperson\textra\n")
    with pytest.raises(LexiconError, match=r"groups\.tsv:1: header lacks column"):
        read_table(path, ("noun", "refers", "kind"))
    with pytest.raises(LexiconError, match=r"groups\.tsv:2: 3 cells but 2 columns"):
        read_table(path, ("noun", "refers"))


@pytest.mark.parametrize(("name", "key"), [
    ("titles.tsv", "title"), ("groups.tsv", "noun"), ("entities.tsv", "pattern"),
    ("fact_heads.tsv", "head"), ("fact_cues.tsv", "pattern"),
])
def test_shipped_lexicons_have_no_duplicate_keys(name: str, key: str) -> None:
    # An ambiguous alias may repeat, each reading but a default one licensed by cue words.
    rows = [row for row in read_table(LEXICON_DIR / name, (key,)) if not row.get("cues")]
    keys = [row[key] for row in rows]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, duplicates
