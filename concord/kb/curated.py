"""The small tables beside the actors: sector codes, spelling variants, generic agents and the
curated organisation aliases the analyser matches in running text."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from .records import Agent, OrgEntry
from .tables import check_iso3, check_sectors, one_of, read_rows, split_items

__all__ = ["AGENT_MATCHES", "ORG_KINDS", "load_agents", "load_organisations", "load_sectors", "load_spellings"]

ORG_KINDS = ("organisation", "group")
#: ``text``: the analyser matches the noun in running text; ``lookup``: only :meth:`KnowledgeBase.agent` finds it.
AGENT_MATCHES = ("text", "lookup")


def load_sectors(path: Path) -> dict[str, str]:
    """``{code: meaning}`` from ``sectors.tsv``."""
    def parse(cells: list[str]) -> tuple[str, str]:
        code, meaning = cells
        if len(code) != 3 or not code.isupper():
            raise ValueError(f"sector code {code!r} must be three capitals")
        return code, meaning

    return dict(read_rows(path, ("code", "meaning"), parse))


def load_spellings(path: Path) -> dict[str, str]:
    """``{variant: canonical}`` from ``spelling.tsv`` (each canonical form maps to itself too)."""
    def parse(cells: list[str]) -> tuple[str, str]:
        for word in cells:
            if not (word.isalpha() and word == word.lower()):
                raise ValueError(f"{word!r} must be one lower-case word")
        return cells[0], cells[1]

    pairs = list(read_rows(path, ("variant", "canonical"), parse))
    return {**{c: c for _, c in pairs}, **dict(pairs)}


def load_agents(path: Path, sectors: Collection[str]) -> tuple[dict[str, Agent], dict[str, Agent]]:
    """All agents and those matched in running text, each keyed by its lower-case noun."""
    every: dict[str, Agent] = {}
    text: dict[str, Agent] = {}

    def parse(cells: list[str]) -> None:
        noun, name, sector_cell, country, match = cells
        if not noun or not name:
            raise ValueError("empty noun or name")
        if country not in ("~", ""):
            raise ValueError(f"country {country!r} must be ~ (from context) or empty")
        agent = Agent(name, check_sectors(sector_cell, sectors), country == "~")
        key = " ".join(noun.lower().split())
        if key in every:
            raise ValueError(f"noun {noun!r} is listed twice")
        every[key] = agent
        if one_of(match, AGENT_MATCHES, "match") == "text":
            text[key] = agent

    for _ in read_rows(path, ("noun", "name", "sectors", "country", "match"), parse):
        pass
    return every, text


def load_organisations(path: Path, sectors: Collection[str]) -> list[OrgEntry]:
    """The curated organisation aliases, in file order; an alias may repeat only after a reading with cues."""
    entries: list[OrgEntry] = []
    open_aliases: set[str] = set()

    def parse(cells: list[str]) -> OrgEntry:
        alias, name, kind, sector_cell, country, cues = cells
        if not alias or not name:
            raise ValueError("empty alias or name")
        if alias in open_aliases:
            raise ValueError(f"alias {alias!r} already has a reading without cues, so this one is never used "
                             "(give the earlier one cues)")
        entry = OrgEntry(alias, name, one_of(kind, ORG_KINDS, "kind"), check_sectors(sector_cell, sectors),
                         country if country == "@" else check_iso3(country) if country else None, split_items(cues))
        if not entry.cues:
            open_aliases.add(alias)
        return entry

    entries.extend(read_rows(path, ("alias", "name", "kind", "sectors", "country", "cues"), parse))
    return entries
