"""Reading the PETRARCH2/Phoenix actor and agent dictionaries (TABARI format) into plain entries.

Used by ``scripts/build_kb.py`` only; the installed package never reads these files.

Actor format: an entry opens with a name line (``RAJNATH_SINGH_``), optionally with codes on the
same line; ``+`` lines add aliases to the name line above them; ``[CODE ...]`` lines add codes. Name lines
that follow one another before any code share the codes that follow ("IVO_JOSIPOVIC_",
"JOSIPOVIC_", then ``[HRVGOV >20120219]``); a blank line closes an entry. ``#`` starts a comment. A code is
``[CODE]`` (undated), ``[CODE YYMMDD-YYMMDD]``, ``[CODE >YYMMDD]`` (from), ``[CODE <YYMMDD]``
(until) or ``[CODE YYMMDD]`` (from); years are two digits (00-30 = 20xx, else 19xx) or four.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

__all__ = ["DictCode", "DictEntry", "parse_actor_dictionary", "parse_agent_line", "parse_code", "parse_day"]

_CODE = re.compile(r"\[([^\]]*)\]")
_DATED = re.compile(r"(?P<code>~?[A-Z]+~?)\s*(?:(?P<op>[<>])\s*(?P<day>\d+)|(?P<start>\d+)(?:-(?P<end>\d+))?)?")


@dataclass(frozen=True)
class DictCode:
    """One code of an entry: the CAMEO code and its first and last day (None = open)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        """True when the code holds only between dates."""
        return self.start is not None or self.end is not None


@dataclass
class DictEntry:
    """One block of the dictionary: its name groups (a name line and its ``+`` aliases each; the
    groups share the codes), its codes, and the line it starts on."""

    line: int
    groups: list[list[str]] = field(default_factory=list)
    codes: list[DictCode] = field(default_factory=list)
    #: Codes that could not be read (bad dates), kept for the build report.
    rejected: list[str] = field(default_factory=list)


def parse_day(digits: str) -> dt.date | None:
    """A YYMMDD or YYYYMMDD day; None when it is not a real day."""
    if len(digits) == 6:
        year = int(digits[:2])
        digits = f"{2000 + year if year <= 30 else 1900 + year}{digits[2:]}"
    if len(digits) != 8:
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def parse_code(text: str) -> DictCode | None:
    """The code inside one pair of brackets; None for ``---``, a malformed code or a bad date."""
    m = _DATED.fullmatch(text.strip())
    if m is None:
        return None
    code = m["code"]
    if m["op"]:
        day = parse_day(m["day"])
        if day is None:
            return None
        return DictCode(code, start=day) if m["op"] == ">" else DictCode(code, end=day)
    if m["start"] is None:
        return DictCode(code)
    start = parse_day(m["start"])
    end = parse_day(m["end"]) if m["end"] else None
    if start is None or (m["end"] and end is None) or (end is not None and end < start):
        return None
    return DictCode(code, start, end)


def _add_codes(entry: DictEntry, text: str) -> None:
    for raw in _CODE.findall(text):
        if raw.strip().strip("-"):
            code = parse_code(raw)
            entry.codes.append(code) if code else entry.rejected.append(raw)


def parse_actor_dictionary(text: str) -> list[DictEntry]:
    """Every entry of an actor dictionary with at least one code, in file order."""
    entries: list[DictEntry] = []
    current: DictEntry | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        body = line.strip()
        if not body:
            current = None if raw.strip() == "" else current
            continue
        if body.startswith("+"):
            if current is not None:
                current.groups[-1].extend(p for p in body.split("+") if p.strip())
        elif body.startswith("["):
            if current is not None:
                _add_codes(current, body)
        else:
            if current is None or current.codes or current.rejected:
                current = DictEntry(number)
                entries.append(current)
            current.groups.append([body.split("[", 1)[0].strip()])
            _add_codes(current, body)
    return [e for e in entries if e.codes]


def parse_agent_line(line: str, macros: dict[str, list[str]]) -> list[tuple[str, str | None, str]]:
    """``(noun, plural or None, code)`` for each form an agent line yields ("POLICE!PERSON! [~COP]" gives
    policeman, policemen, ...); an explicit ``{PLURAL}`` (or ``{}``: none) replaces the derived plural."""
    body = line.split("#", 1)[0].strip()
    codes = _CODE.findall(body)
    if not codes or "=" in body:
        return []
    head = body.split("[", 1)[0]
    plural = None
    if "{" in head:
        head, _, rest = head.partition("{")
        plural = rest.split("}", 1)[0].strip()
    head = head.strip()
    forms = [head]
    for macro, expansions in macros.items():
        if macro in head:
            forms = [head.replace(macro, e) for e in expansions]
            plural = ""
    return [(f, plural, codes[0].strip()) for f in forms]
