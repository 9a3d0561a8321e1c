"""Converting dictionary entries into actor rows (``actors.tsv``) for ``scripts/build_kb.py``.

A dictionary entry becomes one actor: its first name is the preferred one (in readable case), the
rest are aliases, its undated code the actor's code and its dated codes the roles. Entries with
one name in one country are merged, and an organisation listed under its acronym too ("UN" and
"The United Nations", both ``IGOUNO``) becomes one actor.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from phoenix_dict import DictCode, DictEntry
from phoenix_names import (
    TITLE_WORDS, acronym_of, clean_alias, initials, is_office, is_org_name, readable, slug, unique_ids, words_of,
)

from concord.kb.codes import split_code

if TYPE_CHECKING:
    from concord.kb.gazetteer import Gazetteer

__all__ = ["Context", "Draft", "convert_entries", "iso_code", "latest_code"]

COUNTRIES_FILE = "Phoenix.Countries.actors.txt"
MILITARY_FILE = "Phoenix.MilNonState.actors.txt"
#: CAMEO country codes that differ from ISO 3166 alpha-3 (Kosovo, East Timor, Romania, the Soviet
#: republics' USR, a typo for France).
CAMEO_TO_ISO = {"KSV": "XKX", "TMP": "TLS", "ROM": "ROU", "USR": "SUN", "FRN": "FRA"}
#: Former states (ISO 3166-3 codes): state actors, not places.
FORMER_STATES = frozenset({"SUN", "DDR", "CSK", "SCG", "YUG"})
_GROUP_SECTORS = frozenset({"REB", "INS", "UAF", "SEP", "CRM", "IMG"})


@dataclass
class Context:
    """What the conversion knows: our curated gazetteer, the sector and country codes, the report."""

    gazetteer: Gazetteer
    sectors: frozenset[str]
    report: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.countries = frozenset({p.iso3 for p in self.gazetteer.places.values()} | FORMER_STATES)
        self.country_words = frozenset(
            w.lower() for alias in self.gazetteer.countries for w in alias.replace(".", " ").split())

    def split(self, code: str) -> tuple[str | None, tuple[str, ...]]:
        """Country and sectors of an (ISO-mapped) code."""
        return split_code(code, self.countries, self.sectors)

    def header_country(self, entry: DictEntry) -> str | None:
        """The country a country-header entry stands for (its latest bare code; for a territory such
        as ``USAPRI`` the territory's own code when our gazetteer has it), else None."""
        codes = [iso_code(c.code) for c in entry.codes]
        if not all(len(c) in (3, 6) and c[3:] not in self.sectors for c in codes):
            return None
        code = iso_code(latest_code(entry.codes).code)
        return code[3:] if code[3:] in self.countries else code[:3]

    def split_headers(self, entries: list[tuple[str, DictEntry]]) -> tuple[list[tuple[str, DictEntry]], list[tuple[str, DictEntry]]]:
        """Country headers as ``(iso3, entry)`` and every other entry as ``(file, entry)``."""
        headers, others = [], []
        for file, entry in entries:
            iso3 = self.header_country(entry) if file == COUNTRIES_FILE else None
            if iso3 is None:
                others.append((file, entry))
            elif iso3 in self.countries:
                headers.append((iso3, entry))
            else:
                self.report["country headers of unknown countries left out"] += 1
        return headers, others


@dataclass
class Draft:
    """An actor on its way to ``actors.tsv``."""

    name: str
    kind: str
    country: str | None
    code: str | None
    sectors: tuple[str, ...]
    aliases: list[str] = field(default_factory=list)
    roles: list[DictCode] = field(default_factory=list)

    def absorb(self, other: Draft) -> None:
        """Take the other draft's names and roles (it names the same actor)."""
        for alias in (other.name, *other.aliases):
            if alias != self.name and alias not in self.aliases:
                self.aliases.append(alias)
        self.roles.extend(r for r in other.roles if r not in self.roles)
        self.code = self.code or other.code


def iso_code(code: str) -> str:
    """A dictionary code with its country part in ISO 3166 and its letters in threes
    (``KSVGOV`` -> ``XKXGOV``, ``NGOUSACHRPRO214`` -> ``NGOUSACHRPRO``)."""
    letters = "".join(ch for ch in code if ch.isalpha())
    letters = CAMEO_TO_ISO.get(letters[:3], letters[:3]) + letters[3:]
    return letters[: len(letters) - len(letters) % 3]


def latest_code(codes: list[DictCode]) -> DictCode:
    """The undated code if there is one, else the code that ends last."""
    undated = [c for c in codes if not c.dated]
    return undated[0] if undated else max(codes, key=lambda c: (c.end or dt.date.max, c.start or dt.date.min))


def _kind(person: bool, sectors: tuple[str, ...], file: str) -> str:
    if person:
        return "person"
    if "IGO" in sectors:
        return "igo"
    if "NGO" in sectors or "NGM" in sectors:
        return "ngo"
    if "MNC" in sectors or (sectors[:1] == ("BUS",)):
        return "business"
    return "group" if file == MILITARY_FILE or _GROUP_SECTORS & set(sectors) else "organisation"


def _names(group: list[str], is_org: bool, ctx: Context) -> list[str]:
    """A name group's readable names, junk and country names left out, acronyms (in brackets, or the
    initials of the first name: "FBI_" under "FEDERAL_BUREAU_OF_INVESTIGATION_") in capitals."""
    head_initials = initials(acronym_of(group[0])[0])
    out: list[str] = []
    for raw in group:
        bare, acronym = acronym_of(raw)
        shown = bare.strip("_ ").replace("_", " ") if is_org and _letters(bare) == head_initials else None
        for candidate in filter(None, (shown or readable(bare, is_org), acronym)):
            alias = clean_alias(candidate)
            if alias is None:
                ctx.report["aliases left out (junk)"] += 1
            elif alias not in out and alias not in ctx.gazetteer.countries and (
                    is_org or " " in alias or alias.lower() not in TITLE_WORDS):
                out.append(alias)
    return out


def _country(code: str, roles: list[DictCode], ctx: Context) -> str | None:
    """The country of the main code; of an NGO's or a firm's second part (``MNCUSA``); else of the latest role."""
    country = ctx.split(code)[0]
    if country is None and code[:3] in ("MNC", "NGO", "NGM") and code[3:6] in ctx.countries:
        return code[3:6]
    latest_first = sorted(roles, key=lambda r: r.start or dt.date.min, reverse=True)
    return country or next((c for r in latest_first if (c := ctx.split(r.code)[0])), None)


def _same_actor(first: Draft, other: Draft) -> bool:
    """True when ``other`` names ``first``: its words but titles are among first's ("President
    Josipovic" for "Ivo Josipovic"), or it is first's acronym ("FBI")."""
    words = {w.lower() for w in other.name.split()} - TITLE_WORDS
    return (bool(words) and words <= {w.lower() for w in first.name.split()}) or \
        _letters(other.name) == initials(first.name)


def drafts_of(file: str, entry: DictEntry, ctx: Context) -> list[Draft]:
    """The actors of one block: one per name group, a group that names an earlier one merged into it;
    generic offices ("US_VICE_PRESIDENT") and groups without a usable name left out."""
    codes = [DictCode(c, d.start, d.end) for d in entry.codes if (c := iso_code(d.code))]
    ctx.report["codes with unreadable dates left out"] += len(entry.rejected)
    if not codes:
        return []
    roles = [c for c in codes if c.dated]
    main = latest_code(codes)
    country = _country(main.code, roles, ctx)
    person_block = not is_org_name(entry.groups[0][0]) and (file == COUNTRIES_FILE or bool(roles))
    # A person outside a dated role is known by country only; an organisation keeps its latest code.
    code = country if main.dated and person_block else main.code
    sectors = ctx.split(code)[1] if code else ()
    drafts: list[Draft] = []
    for group in entry.groups:
        if is_office(group[0], ctx.country_words):
            ctx.report["generic offices left out"] += 1
            continue
        person = not is_org_name(group[0]) and (file == COUNTRIES_FILE or bool(roles))
        names = _names(group, not person, ctx)
        if not names:
            ctx.report["name groups without a usable name left out"] += 1
            continue
        kind = _kind(person, ctx.split(main.code)[1], file)
        draft = Draft(names[0], kind, country, code, sectors, names[1:], list(roles))
        host = next((d for d in drafts if _same_actor(d, draft)), None)
        host.absorb(draft) if host else drafts.append(draft)
    return drafts


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """One draft per (name, country, person or not): entries listed twice become one actor."""
    by_key: dict[tuple[str, str | None, bool], Draft] = {}
    for draft in drafts:
        key = (slug(draft.name), draft.country, draft.kind == "person")
        if key in by_key:
            by_key[key].absorb(draft)
        else:
            by_key[key] = draft
    return list(by_key.values())


def fold_acronym_entries(entries: list[tuple[str, DictEntry]]) -> list[tuple[str, DictEntry]]:
    """An entry whose one name is the acronym of another entry's name with the same codes in the
    same file ("UN_ [IGOUNO]", "THE_UNITED_NATIONS_ [IGOUNO]") joins that entry's first name group."""
    long_names = {}
    for file, entry in entries:
        if len(words_of(entry.groups[0][0])) > 1:
            long_names.setdefault((file, tuple(entry.codes), initials(entry.groups[0][0])), entry)
    kept = []
    for file, entry in entries:
        head = entry.groups[0][0]
        target = long_names.get((file, tuple(entry.codes), _letters(head))) if len(entry.groups) == 1 else None
        if target is not None and len(words_of(head)) == 1 and target is not entry:
            target.groups[0].extend(entry.groups[0])
        else:
            kept.append((file, entry))
    return kept


def _letters(raw: str) -> str:
    return "".join(ch for ch in raw if ch.isalpha()).upper()


def _role(code: DictCode) -> str:
    return f"{code.code}@{code.start.isoformat() if code.start else ''}..{code.end.isoformat() if code.end else ''}"


def convert_entries(entries: list[tuple[str, DictEntry]], ctx: Context) -> list[str]:
    """The ``actors.tsv`` rows of every non-header entry, in file order."""
    drafts = merge_drafts([d for file, entry in fold_acronym_entries(entries) for d in drafts_of(file, entry, ctx)])
    ids = unique_ids((d.name, d.country) for d in drafts)
    ctx.report["actors from the dictionaries"] = len(drafts)
    return [
        "\t".join((ident, d.name, d.kind, d.country or "", d.code or "", ",".join(d.sectors),
                   "|".join(d.aliases), ";".join(_role(r) for r in d.roles)))
        for ident, d in zip(ids, drafts)
    ]
