"""The actor lexicons, loaded once and compiled into matchers: countries, titles, organisations,
collective nouns and "the two ministers"-style group nouns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..kb import CountryAlias, KnowledgeBase, knowledge_base
from .aliases import compile_aliases, fold, index_rows, sector_check, split_list, typo_equal
from .lexicon import load_table
from .nlp import entity_rows

__all__ = ["ActorLexicons", "Office", "Org", "actor_lexicons"]

_GROUP_REFERS = ("person", "state")


def _one_of(options: tuple[str, ...]) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if value in options else f"must be one of {', '.join(options)}"

    return check


def _iso3_check(value: str) -> str | None:
    return None if re.fullmatch(r"[A-Z]{3}", value) else "must be an ISO 3166 alpha-3 code (three capitals)"


@dataclass(frozen=True)
class Office:
    """An office title resolved to its canonical role."""

    role: str
    sector: tuple[str, ...]
    country: str | None


@dataclass(frozen=True)
class Org:
    """An organisation, institution or collective noun from the lexicons."""

    name: str
    kind: str
    sector: tuple[str, ...]
    #: ISO3, ``"@"`` (the qualifier's or the article's country) or None (international).
    country: str | None
    #: For an ambiguous alias ("ICC"): words of which one must occur in the text to pick this reading.
    cues: re.Pattern[str] | None = None

    def fits(self, context: str | None) -> bool:
        """True when the alias needs no cue, or ``context`` holds one of its cues."""
        return self.cues is None or context is not None and self.cues.search(context) is not None


class ActorLexicons:
    """All actor lexicons with their compiled regexes; build once via :func:`actor_lexicons`."""

    def __init__(self) -> None:
        kb = knowledge_base()
        self._load_countries(kb)
        titles = load_table(
            "titles.tsv",
            ("title", "role", "sector"),
            {"sector": sector_check, "country": _iso3_check},
        )
        self.titles = {
            key: Office(row["role"], tuple(split_list(row["sector"])), row.get("country") or None)
            for key, row in index_rows(titles, "title").items()
        }
        self.title_words = frozenset(w for key in self.titles for w in key.split())
        #: Words already looked up by :meth:`_title_word` (a scan of every title word each time is slow).
        self._title_fixes: dict[str, str | None] = {}
        self.title_re = compile_aliases(row["title"] for row in titles)
        #: A title (any case) ending right where a name starts ("defence minister Rajnath Singh"), or
        #: set off by a comma ("India's defence minister, Rajnath Singh").
        self.title_end_re = re.compile(rf"(?:{self.title_re.pattern})(?:\s*|,\s+)$", re.IGNORECASE)
        #: Any-case titles: a lower-case one ("the chancellor") names a holder already met in the text.
        self.title_any_re = re.compile(self.title_re.pattern, re.IGNORECASE)

        self._load_organisations(kb)
        self._load_agents(kb)
        #: Short forms of agreements, dialogues and regions ("COMCASA"): never organisations.
        self.entity_acronyms = frozenset(row["acronym"] for row in entity_rows() if row.get("acronym"))

        groups = load_table("groups.tsv", ("noun", "refers"), {"refers": _one_of(_GROUP_REFERS)})
        self.groups = {row["noun"].lower(): row["refers"] for row in groups}
        nouns = "|".join(sorted(map(re.escape, self.groups), key=len, reverse=True))
        self.group_re = re.compile(
            rf"\b(?:the\s+two|both(?:\s+the)?)\s+(?:[A-Za-z-]+\s+)?({nouns})\b", re.IGNORECASE
        )

    def _load_countries(self, kb: KnowledgeBase) -> None:
        """Country aliases from the knowledge base, and the qualifier matchers built on them."""
        #: Running-text country aliases (names, short forms, demonyms, capitals).
        self.countries: dict[str, CountryAlias] = kb.country_aliases
        self.country_names: dict[str, str] = {
            iso3: name for iso3 in {c.iso3 for c in self.countries.values()} if (name := kb.country_name(iso3))}
        self.country_re = compile_aliases(self.countries)
        alternation = self.country_re.pattern
        #: A country qualifier ending right where a title or organisation starts ("India's ", "US ").
        self.qualifier_end_re = re.compile(rf"{alternation}(?:'s|’s)?\s+$")
        self.qualifier_start_re = re.compile(rf"^(?:{alternation})(?:'s|’s)?\s+")
        #: "... from India" / "... of India" after a title or a name (use with ``match(text, pos)``).
        self.qualifier_after_re = re.compile(rf"\s+(?:from|of)\s+({alternation})(?![\w-])")

    def _load_organisations(self, kb: KnowledgeBase) -> None:
        """The knowledge base's curated organisation aliases, their cue patterns and the owner matchers."""
        self.orgs: dict[str, list[Org]] = {}
        for entry in kb.organisations:
            cue_re = re.compile(r"\b(?:" + "|".join(map(re.escape, entry.cues)) + r")\b", re.IGNORECASE) \
                if entry.cues else None
            org = Org(entry.name, entry.kind, entry.sectors, entry.country, cue_re)
            self.orgs.setdefault(fold(entry.alias), []).append(org)
        self.org_re = compile_aliases(entry.alias for entry in kb.organisations)
        #: Who owns a noun that follows: a country or a country's armed group, as "India's", "Houthi-run",
        #: with up to two lower-case modifiers between ("the Houthi-run health ministry").
        owners = [*self.countries,
                  *(e.alias for e in kb.organisations if e.kind == "group" and e.country not in (None, "@"))]
        self.owner_re = compile_aliases(owners)
        self.owner_end_re = re.compile(
            rf"(?P<owner>{self.owner_re.pattern})(?:'s|’s|-run|-led|-controlled)?\s+"
            rf"(?P<mods>(?:[a-z][a-z-]*\s+){{0,2}})$")

    def _load_agents(self, kb: KnowledgeBase) -> None:
        """Generic collective nouns the analyser matches in running text ("police", "troops")."""
        self.agents = {
            fold(noun): Org(agent.name, "group", agent.sectors, "@" if agent.country_from_context else None)
            for noun, agent in kb.text_agents.items()
        }
        self.agent_re = compile_aliases(kb.text_agents, ignore_case=True)

    def country(self, text: str) -> CountryAlias | None:
        """The country an exact alias names (white space normalised), if any."""
        return self.countries.get(" ".join(text.split()))

    def office(self, text: str) -> Office | None:
        """The office a title names: exact (spelling variants folded) or fuzzy for small typos."""
        key = fold(text)
        if key in self.titles:
            return self.titles[key]
        words = [w if w in self.title_words else self._title_word(w) for w in key.split()]
        return self.titles.get(" ".join(w for w in words if w)) if all(words) else None

    def _title_word(self, word: str) -> str | None:
        """The one title word within one typo of ``word`` (None when none or several are); memoised."""
        if word not in self._title_fixes:
            close = [w for w in self.title_words if typo_equal(w, word)]
            self._title_fixes[word] = close[0] if len(close) == 1 else None
        return self._title_fixes[word]

    def org(self, text: str, context: str | None = None) -> Org | None:
        """The organisation an alias names, if any; an ambiguous alias needs one of its cues in ``context``."""
        return next((org for org in self.orgs.get(fold(text), ()) if org.fits(context)), None)

    def owner(self, alias: str) -> str | None:
        """The ISO3 country of an owner alias: a country name, demonym or capital, or a national armed group."""
        country = self.country(alias)
        if country is not None:
            return country.iso3
        group = self.org(alias)
        return group.country if group is not None and group.kind == "group" and group.country != "@" else None

    def agent(self, text: str) -> Org | None:
        """The collective actor a common noun names ("police", "protesters"), if any."""
        return self.agents.get(fold(text))


@functools.cache
def actor_lexicons() -> ActorLexicons:
    """The actor lexicons, loaded and validated once per process."""
    return ActorLexicons()
