"""Users' extra actor files: merged by id, refused with file:line when a line is bad."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from concord.errors import LexiconError
from concord.kb import KnowledgeBase, knowledge_base

HEADER = "# my actors\nid\tname\tkind\tcountry\tcode\tsectors\taliases\troles\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "my_actors.tsv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_extra_rows_add_actors_and_extend_known_ones(tmp_path: Path) -> None:
    path = _write(tmp_path, (
        "jane-roe\tJane Roe\tperson\tKEN\tKENELI\tELI\tJ. Roe|Governor Roe\tKENGOV@2022-08-25..\n"
        "rajnath-singh\tRajnath Singh\tperson\tIND\t\t\tRaj Nath Singh\tINDGOVEDU@1991-06-01..1992-12-06\n"
    ))
    kb = KnowledgeBase(extra=(path,))
    roe = kb.actors_named("governor roe")[0]
    assert (roe.id, roe.country, roe.code_on(dt.date(2023, 1, 1))) == ("jane-roe", "KEN", "KENGOV")
    singh = kb.actors_named("Raj Nath Singh")[0]
    assert singh.id == "rajnath-singh"
    assert singh.code_on(dt.date(1992, 1, 1)) == "INDGOVEDU" and singh.code_on(dt.date(2025, 2, 6)) == "INDGOVMIL"
    assert singh.code == "INDELI"                                      # an empty cell keeps the earlier value


def test_a_later_file_closes_the_open_roles_of_an_earlier_one(tmp_path: Path) -> None:
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    first.write_text("p\tP\tperson\tKEN\tKENELI\tELI\t\tKENGOV@2005-01-01..;KENGOVMIL@2006-01-01..\n", encoding="utf-8")
    second.write_text("p\tP\tperson\tKEN\t\t\t\tKENGOVELI@2008-01-01..2012-01-01\n", encoding="utf-8")
    person = KnowledgeBase(extra=(first, second)).get("p")
    assert [(r.code, r.end) for r in person.roles] == [
        ("KENGOV", dt.date(2012, 1, 1)), ("KENGOVMIL", dt.date(2012, 1, 1)), ("KENGOVELI", dt.date(2012, 1, 1))]
    assert person.code_on(dt.date(2007, 1, 1)) == "KENGOVMIL"         # the latest start wins
    assert person.code_on(dt.date(2010, 1, 1)) == "KENGOVELI"
    assert person.code_on(dt.date(2020, 1, 1)) == "KENELI"            # no role any more: the undated code


@pytest.mark.parametrize(("line", "reason"), [
    ("x\tX\tperson\tUSA\tUSAGOV\tGOV\t\tUSAGOV@2020-13-01..", "month must be in 1..12"),
    ("x\tX\tperson\tUSA\tUSAGOV\tGOV\t\tUSAGOV@2021-01-01..2020-01-01", "ends before it starts"),
    ("x\tX\tperson\tUSA\tUSAGOV\tGOV\t\tUSAGOV 2020", "is not CODE@START..END"),
    ("x\tX\twizard\tUSA\tUSAGOV\tGOV\t\t", "kind 'wizard' must be one of"),
    ("x\tX\tperson\tUS\tUSAGOV\tGOV\t\t", "country 'US' is not an ISO 3166 alpha-3"),
    ("x\tX\tperson\tUSA\tUSAGOV\tGOVT\t\t", "unknown sector code(s) GOVT"),
    ("x\tX\tperson\tUSA\tusagov\tGOV\t\t", "is not a CAMEO code"),
    ("x y\tX\tperson\tUSA\tUSAGOV\tGOV\t\t", "id 'x y' must be"),
    ("x\t\tperson\tUSA\tUSAGOV\tGOV\t\t", "empty name"),
    ("x\tX\tperson\tUSA\tUSAGOV\tGOV\t\t\textra", "9 cells but 8 columns"),
])  # fmt: skip
def test_a_bad_line_is_refused_with_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    path = _write(tmp_path, "ok\tOK\tperson\tUSA\tUSAELI\tELI\t\t\n" + line + "\n")
    with pytest.raises(LexiconError) as info:
        KnowledgeBase(extra=(path,)).actors_named("x")
    assert str(info.value).startswith(f"{path}:4: ") and reason in str(info.value)
    assert info.value.line == 4


def test_an_id_twice_in_one_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "x\tX\tperson\tUSA\t\t\t\t\nx\tX\tperson\tUSA\t\t\t\t\n")
    with pytest.raises(LexiconError, match=r"my_actors\.tsv:4: id 'x' is listed twice"):
        len(KnowledgeBase(extra=(path,)))


def test_knowledge_base_is_cached_per_tuple_of_files_and_checks_them_at_once(tmp_path: Path) -> None:
    assert knowledge_base() is knowledge_base(()) is knowledge_base(extra=[])
    good = _write(tmp_path, "jane-roe\tJane Roe\tperson\tKEN\t\t\t\t\n")
    assert knowledge_base((str(good),)) is knowledge_base(extra=[good]) is not knowledge_base()
    bad = tmp_path / "bad.tsv"
    bad.write_text("x\tX\tperson\tUSA\tUSAGOV\tGOV\t\tUSAGOV@soon..\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.tsv:1: "):
        knowledge_base((str(bad),))


def test_a_missing_file_is_a_lexicon_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="cannot read"):
        len(KnowledgeBase(extra=(tmp_path / "nowhere.tsv",)))
