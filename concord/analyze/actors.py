"""Actors: who is mentioned, resolved to a name, kind, country (ISO3), sectors and role, with citations.

Two entry points: :func:`resolve_actor_text` turns one free-standing span ("Indian Defence
Minister Rajnath Singh", "the Pentagon") into an :class:`Actor`; :func:`extract_actors` finds
every mention in an article and links later ones ("Hegseth", "Secreatry Hegseth", "the two
ministers", "Defence Minister said") to the same actor.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import ConcordError
from ..kb import country_of, knowledge_base
from ..model import Actor, Citation, Sentence
from .actor_lexicons import ActorLexicons, Office, Org, actor_lexicons
from .aliases import fold, typo_equal
from .canonical import UNKNOWN_PREFIX, canonical
from .sentences import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

#: Makes an actor canonical (its id, name and code from the knowledge base).
Canon = Callable[[Actor], Actor]

__all__ = ["ActorMentions", "extract_actors", "generic_name", "is_place", "resolve_actor_text"]

_DETERMINER = re.compile(r"^(?:the|a|an)(?:\s+|$)", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
_ORG_WORDS = frozenset(
    "ministry department council party front army navy company bank group corporation agency "
    "committee commission union organisation organization association movement forces court "
    "office institute university inc ltd brigade alliance federation authority industries "
    "holdings limited corp airlines network".split()
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: Parts of speech allowed between an owner and the noun it owns ("the Houthi-run *health* ministry").
_MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN"})
#: Sectors whose titled holders belong to a state (and so may take the article's country).
_STATE_SECTORS = frozenset({"GOV", "MIL"})
#: "officials in Canberra", "the ministry in the rebel-run capital Sanaa": where a noun is located.
_LOCATED_IN = re.compile(r"\s+in\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}"
                         r"(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})")
_NAME_WORDS = re.compile(r"((?:[A-Z][\w'’-]*\s+){1,5})$")
#: A country name fused into a modifier ("Iran-aligned group", "Pakistan-based groups"): it describes the
#: noun, it does not name the country as a party ("US-India talks", a dyad, goes on in upper case).
_FUSED_MODIFIER = re.compile(r"[-‐–]\s?[a-z]")
#: A place name right after a country name makes it a town of that place ("Jordan, Utah", "Paris, Texas").
_IN_PLACE = re.compile(r",\s+(?P<place>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")
#: "of Crestview, Florida", "from Shandong": where the bearer of the name before it is from.
_FROM_PLACE = re.compile(r"\s+(?:of|from)\s+(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})"
                         r"(?:,\s+(?P<region>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?))?")
#: An apposition describing the name before it, up to its first function word: ", a Shandong lawyer who",
#: ", now 84, the North Korean official whose", ", the Sudanese leader".
_APPOSITION = re.compile(r",\s+(?:(?:now\s+)?\d+,\s+)?(?:a|an|the)\s+(?P<words>(?:(?!(?:in|of|at|for|to|on|with|"
                         r"and|from|who|whose|that|which|by|as)\b)[\w'’.-]+\s*){1,4})")
#: A US party label after a name: "(R-Ariz.)", "(D-N.Y.)", ", R-Texas,".
_US_PARTY_AFTER = re.compile(r"\s*[(,]\s*[RDI]-[A-Z][A-Za-z.]*(?:\s[A-Z][a-z.]+)?\s*[),]")
#: A US party label before a name, with only lower-case words or a short title between: "Republican X",
#: "Democratic Sen. X", "GOP state Senate candidate X" (not "Republican People's Party leader X").
_US_PARTY_BEFORE = re.compile(r"\b(?:Republican|Democratic|Democrat|GOP)\s+(?:(?:[a-z][\w-]*|Sen\.|Rep\.|Gov\.|"
                              r"Senate|House|Senator|Representative|Governor|Congressman|Congresswoman)\s+){0,4}$")
#: Words of an apposition that make its subject an American politician (", a Democrat", ", the Republican nominee").
_US_PARTY_WORDS = frozenset({"Republican", "Democrat", "Democratic", "GOP"})
#: Words that make an organisation's name an outlet's ("Army Times", "EIB Network", "Voice of America Radio"):
#: outlets report events, they are not parties to them (the events drop the media sector).
_OUTLET_NAME = re.compile(r"\b(?:News|Times|Post|Journal|Tribune|Herald|Gazette|Telegraph|Chronicle|Radio|"
                          r"Television|TV|Broadcasting|Broadcaster|Magazine|Press|Daily|Network|Newspaper|Wire)\b")
#: The Arabic article of a surname ("al-Bashir" is "Bashir" on second mention).
_SURNAME_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|az|ar)[-‐]", re.IGNORECASE)
#: What makes a lower-case word set off by a comma a title: an owner or article before it ("Kenya's foreign
#: minister, X", "the general, X"), unlike "In general, X".
_OWNED_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|our)|'s|’s)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
#: A compass word or the like before a place name ("North Toronto", "southern Virginia", "Greater Manchester").
_COMPASS = re.compile(r"(?:north|south|east|west|northern|southern|eastern|western|central|greater|downtown|"
                      r"metro|upstate|rural)(?:[ -]?(?:east|west|eastern|western))?\s+", re.IGNORECASE)
#: Entity labels of places: their countries tell where a report is set.
_PLACE_LABELS = frozenset({"GPE", "LOC"})
#: Prepositions that make an unlexiconed organisation name a venue ("talks in the Oval Office").
_VENUE_PREPS = frozenset({"in", "at", "inside", "outside"})


def resolve_actor_text(text: str, article_country: str | None = None) -> Actor:
    """Resolve one actor span (name, title, country, organisation or collective noun) to an Actor.

    Pure and cheap (no spaCy): used by the event coder for marked spans. Titled persons and
    institutions without an explicit country take ``article_country``.
    """
    lex = actor_lexicons()
    span = _POSSESSIVE.sub("", _DETERMINER.sub("", " ".join(text.split())))
    if not span:
        raise ConcordError(f"cannot resolve an actor from empty text {text!r}")
    country = lex.country(span)
    if country is not None:
        return _state(lex, country.iso3)
    qualifier = lex.qualifier_start_re.match(span)
    explicit = lex.country(qualifier.group(0).strip().removesuffix("'s").removesuffix("’s")) if qualifier else None
    rest = span[qualifier.end():] if qualifier else span
    rest = _DETERMINER.sub("", rest)
    iso3 = explicit.iso3 if explicit else None
    org = lex.org(rest)
    if org is not None:
        return _org_actor(org, rest, iso3, article_country)
    words = rest.split()
    for n in range(min(len(words), 3), 0, -1):
        agent = lex.agent(" ".join(words[-n:]))
        if agent is not None and not any(w[:1].isupper() for w in words[: len(words) - n]):
            return _org_actor(agent, agent.name, iso3, article_country)
    office, name = _split_title(lex, words)
    if office is not None:
        person = _Entity("person", name or office.role)
        person.add_office(office, len(words) - len(name.split()))
        person.set_country(iso3 or office.country or article_country)
        return person.to_actor([])
    kind = "organisation" if {w.lower() for w in words} & _ORG_WORDS else "person" if 2 <= len(words) <= 4 else "group"
    return Actor(name=rest, kind=kind, country=iso3)


@functools.cache
def _demonyms() -> dict[str, str]:
    """ISO3 -> the first demonym the country table lists ("USA" -> "American")."""
    found: dict[str, str] = {}
    for alias, country in actor_lexicons().countries.items():
        if country.type == "demonym":
            found.setdefault(country.iso3, alias)
    return found


def generic_name(noun: str, country: str | None) -> str:
    """The name of a generic actor: its noun after its country's demonym ("Syrian government",
    "Brazilian police"), or the noun alone when no country is known."""
    demonym = _demonyms().get(country) if country else None
    return f"{demonym} {noun.lower()}" if demonym else noun


def is_place(text: str) -> bool:
    """True when ``text`` is a country alias or a place from the gazetteer ("JERUSALEM", "Srinagar")."""
    return actor_lexicons().country(text) is not None or country_of(text) is not None


def _split_title(lex: ActorLexicons, words: list[str]) -> tuple[Office | None, str]:
    """Split leading title words off a name: ("Defence", "Minister", "Rajnath", "Singh") -> office, name."""
    for n in range(min(len(words), 6), 0, -1):
        office = lex.office(" ".join(words[:n]))
        if office is not None:
            return office, " ".join(words[n:])
    return None, " ".join(words)


def _state(lex: ActorLexicons, iso3: str) -> Actor:
    return Actor(name=lex.country_names.get(iso3, iso3), kind="state", country=iso3)


def _org_actor(org: Org, text: str, qualifier: str | None, article_country: str | None) -> Actor:
    country = (qualifier or article_country) if org.country == "@" else org.country
    name = generic_name(org.name, country) if org.country == "@" and org.kind == "group" else org.name
    return Actor(name=name, kind="person" if org.kind == "person" else org.kind, country=country,
                 sector=list(org.sector))


@dataclass
class _Mention:
    start: int
    end: int
    producer: str


@dataclass
class _Entity:
    """An actor being assembled from its mentions."""

    kind: str
    name: str
    country: str | None = None
    sector: list[str] = field(default_factory=list)
    role: str | None = None
    title_words: int = 0
    mentions: list[_Mention] = field(default_factory=list)

    def add_office(self, office: Office, words: int) -> None:
        """Take a title's role and sectors when it is the most specific one seen so far."""
        if words > self.title_words:
            self.role, self.title_words = office.role, words
            self.sector = list(office.sector)
        if self.country is None:
            self.country = office.country

    def set_country(self, iso3: str | None) -> None:
        """Set the country if the entity has none yet."""
        if self.country is None:
            self.country = iso3

    def to_actor(self, citations: list[Citation]) -> Actor:
        """The finished :class:`Actor`."""
        return Actor(name=self.name, kind=self.kind, country=self.country, sector=list(self.sector),
                     role=self.role, citations=citations)


@dataclass
class ActorMentions:
    """Every actor of an article, and per sentence the (actor, citation) pairs mentioned in it."""

    actors: list[Actor]
    by_sentence: dict[int, list[tuple[Actor, Citation]]]
    #: The two (or fewer) countries the article is mainly about, most mentioned first.
    principal_countries: list[str]


#: Pronouns resolved to an earlier actor: to one person, or to the pair a group noun named.
_PRONOUNS = {"he": "one", "him": "one", "she": "one", "her": "one", "they": "pair", "them": "pair"}
#: "the chancellor", "the new chancellor": a definite title that refers back to its holder.
_DEFINITE = re.compile(r"\bthe\s+(?:(?:new|newly[- ]elected|incoming|visiting|current)\s+)?$", re.I)


class _Resolver:
    """Finds and links the actor mentions of one parsed article."""

    def __init__(self, doc: Doc, sentences: Sequence[Sentence], article_id: str,
                 article_country: str | None, skip: Sequence[tuple[int, int]], known: Canon) -> None:
        self.lex = actor_lexicons()
        self.known = known
        self.article_id = article_id
        self.doc = doc
        self.text = doc_text(doc)
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        self.article_country = article_country
        self.skip = sorted(skip)
        self.taken: list[tuple[int, int]] = list(self.skip)
        self.persons: list[_Entity] = []
        self.entities: dict[tuple[str, str, str | None], _Entity] = {}
        self.home = self._home_country()

    def _home_country(self) -> str | None:
        """The article's (dateline) country when the report is about it: one of the two countries the
        text (dateline aside) names most. A Houthi story filed from Dubai has no home country."""
        if self.article_country is None:
            return None
        counts: Counter[str] = Counter()
        for m in self.lex.country_re.finditer(self.text):
            country = self.lex.country(m.group(0))
            if country is not None and not self._skipped(m.start(), m.end()) and not self._town(country.iso3, m.start(), m.end()):
                counts[country.iso3] += 1
        top = counts.most_common(2)
        return self.article_country if top and counts[self.article_country] >= top[-1][1] > 0 else None

    def _town(self, iso3: str, start: int, end: int) -> bool:
        """A country name that is part of a place of another country: followed by that place ("Jordan,
        Utah"), or ending a longer name of it ("New Mexico", "South Jordan")."""
        m = _IN_PLACE.match(self.text, end)
        place = knowledge_base().place(m.group("place")) if m else None
        if place is not None and place.type in ("region", "city") and place.iso3 != iso3:
            return True
        run = _NAME_WORDS.search(self.text, max(0, start - 40), start)
        words = run.group(1).split() if run else []
        return any(_region_iso3(" ".join([*words[-n:], self.text[start:end]])) not in (None, iso3)
                   for n in range(1, min(len(words), 2) + 1))

    def _place_countries(self) -> Counter[str]:
        """Countries of the places the text names that are not countries ("Crestview, Florida", "Shandong",
        a capital as a place): where a report is set, when it names no country."""
        counts: Counter[str] = Counter()
        for ent in self.doc.ents:
            alias = self.lex.country(ent.text)
            if (ent.label_ in _PLACE_LABELS and (alias is None or alias.type == "capital")
                    and not self._skipped(ent.start_char, ent.end_char)):
                iso3 = _place_iso3(ent.text)
                if iso3:
                    counts[iso3] += 1
        return counts

    def _skipped(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.skip)

    def _located_in(self, end: int) -> str | None:
        """The country of a place the noun ending at ``end`` is said to be in ("officials in Canberra")."""
        m = _LOCATED_IN.match(self.text, end)
        if m is None or m.end() > self._sentence_of(end).end:
            return None
        country = self.lex.country(m.group("place"))
        return country.iso3 if country else country_of(m.group("place")) or knowledge_base().town(m.group("place"))

    def _context_country(self, offset: int) -> str | None:
        """The country of a noun that names none ("the ministry"): the home country, else that of the
        nearest state or national group named before it in the same or the previous sentence."""
        if self.home is not None:
            return self.home
        index = self._sentence_of(offset).index
        lo = self.sentences[max(0, index - 1)].start
        owners = [self.lex.owner(m.group(0)) for m in self.lex.owner_re.finditer(self.text, lo, offset)
                  if not self._skipped(m.start(), m.end())]
        return next((iso3 for iso3 in reversed(owners) if iso3), None)

    # -- bookkeeping -------------------------------------------------------------------------
    def _sentence_of(self, offset: int) -> Sentence:
        return self.sentences[max(0, bisect.bisect_right(self.starts, offset) - 1)]

    def _free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.taken, (end, end))
        return not any(s < end and start < e for s, e in self.taken[max(0, i - 8): i + 1])

    def _take(self, start: int, end: int) -> None:
        bisect.insort(self.taken, (start, end))

    def _qualifier(self, start: int) -> tuple[str | None, int]:
        """The country named right before ``start`` in the same sentence, and where it begins.

        Besides "India's " and "US ", an owner may be a national armed group and be followed by up
        to two adjectives or nouns: "the Houthi-run health ministry" is Yemen's.
        """
        lo = max(self._sentence_of(start).start, start - 60)
        m = self.lex.qualifier_end_re.search(self.text, lo, start)
        if m is not None:
            name = _POSSESSIVE.sub("", m.group(0).strip())
            country = self.lex.country(name)
            if country is not None and not self._town(country.iso3, m.start(), m.start() + len(name)):
                return country.iso3, m.start()
        m = self.lex.owner_end_re.search(self.text, lo, start)
        owner = self.lex.owner(m.group("owner")) if m is not None and self._modifiers(m.start("mods"), start) else None
        if owner is not None and not self._town(owner, m.start("owner"), m.end("owner")):
            return owner, m.start()
        return self._place_before(lo, start)

    def _place_before(self, lo: int, start: int) -> tuple[str | None, int]:
        """The country of a state, province or town named right before ``start`` ("Colorado Supreme Court",
        "Ohio Gov. X", "Plano police"): the longest capitalised run of up to three words that is one, else
        the place the capitalised name before ``start`` opens with ("Plano East Senior High School students")."""
        m = _NAME_WORDS.search(self.text, lo, start)
        if m is None:
            return None, start
        words = m.group(1).split()
        for n in range(min(len(words), 3), 0, -1):
            name = " ".join(words[-n:])
            iso3 = _region_iso3(_POSSESSIVE.sub("", name))
            if iso3:
                return iso3, start - len(m.group(1)) + m.group(1).rindex(words[-n])
        for n in range(1, min(len(words), 3)):  # an institution named after its place: "Plano East High School"
            iso3 = _region_iso3(" ".join(words[:n]))
            if iso3:
                return iso3, m.start(1)
        return None, start

    def _modifiers(self, start: int, end: int) -> bool:
        """True when the words in ``start:end`` (maybe none) are all adjectives or nouns."""
        if not self.text[start:end].strip():
            return True
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and all(t.pos_ in _MODIFIER_POS or t.is_space for t in span)

    def _keyed(self, kind: str, name: str, country: str | None, sector: tuple[str, ...]) -> _Entity:
        key = (kind, name, country)
        if key not in self.entities:
            self.entities[key] = _Entity(kind, name, country, list(sector))
        return self.entities[key]

    # -- passes ------------------------------------------------------------------------------
    def run(self) -> ActorMentions:
        self._persons()
        self._surnames()
        self._descriptions()
        self._groups()
        self._titles()
        self._lexicon_orgs(self.lex.org_re, lambda alias: self.lex.org(alias, self.text),
                           "actors:organisation-lexicon")
        self._lexicon_orgs(self.lex.agent_re, self.lex.agent, "actors:collective-noun")
        self._countries()
        self._ner_orgs()
        self._pronouns()
        return self._finish()

    def _pronouns(self) -> None:
        """Subject and object pronouns that refer back: "he"/"she" to the person named last (within the
        sentence or the two before it), "they" to the two persons a group noun named last ("the two
        ministers ... They also agreed"). "It" is left alone: too often a thing."""
        for token in self.doc:
            word = token.lower_
            if token.pos_ != "PRON" or word not in _PRONOUNS or not self._free(token.idx, token.idx + len(token)):
                continue
            lo = self.sentences[max(0, self._sentence_of(token.idx).index - 2)].start
            earlier = sorted(((mn.start, id(e), e) for e in [*self.persons, *self.entities.values()]
                              for mn in e.mentions if lo <= mn.start < token.idx), key=lambda x: x[0])
            if _PRONOUNS[word] == "one":
                found = [e for _, _, e in earlier if e.kind == "person"][-1:]
            else:
                found = self._last_pair(earlier)
            for entity in found:
                self._mention(entity, token.idx, token.idx + len(token), "actors:pronoun")

    @staticmethod
    def _last_pair(earlier: list[tuple[int, int, _Entity]]) -> list[_Entity]:
        """The two entities a group noun named at one place, the latest such place."""
        at: dict[int, list[_Entity]] = {}
        for start, _, entity in earlier:
            at.setdefault(start, []).append(entity)
        pairs = [entities for entities in at.values() if len(entities) == 2]
        return pairs[-1] if pairs else []

    def _persons(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            start, end = ent.start_char, ent.end_char
            if "\n" in self.text[start:end]:
                end = start + self.text[start:end].index("\n")
            name_text = _POSSESSIVE.sub("", self.text[start:end].rstrip(" -–—,;:")).rstrip(" -–—,;:")
            end = start + len(name_text)
            if (not name_text or not self._free(start, end) or self.lex.org(name_text, self.text)
                    or not self._name_like(ent, name_text)):
                continue
            words = name_text.split()
            office, name = _split_title(self.lex, words[:-1])
            name = f"{name} {words[-1]}".strip()
            title_start = start if office else None
            name_start = end - len(name)
            if office is None:
                office, title_start = self._title_before(start)
            qualifier, q_start = self._qualifier(title_start if title_start is not None else start)
            after = self.lex.qualifier_after_re.match(self.text, end) if office is not None else None
            if qualifier is None and after is not None:
                qualifier = self.lex.countries[" ".join(after.group(1).split())].iso3
            person = self._person(name)
            if office is not None:
                person.add_office(office, len(office.role.split()))
            person.set_country(qualifier)
            first = min(q_start, title_start if title_start is not None else name_start)
            producer = "actors:title-pattern" if office else "actors:person-ner"
            self._mention(person, first, end, producer)

    def _descriptions(self) -> None:
        """A person of no known country takes the one a mention's description gives: "X of Crestview,
        Florida", "X, a Shandong lawyer", "X, the North Korean official"; a US party label makes an
        American ("Sen. X (R-Ariz.)", "Republican X", "X, a Democrat")."""
        for person in self.persons:
            for mention in person.mentions:
                if person.country is None:
                    person.set_country(self._described_country(mention.start, mention.end))

    def _described_country(self, start: int, end: int) -> str | None:
        """USA for a US party label around ``start:end``; the country of a demonym before it with only
        common nouns between ("Australian VC recipient X"); else the country of the place or demonym in
        the "of/from" phrase or apposition right after ``end``."""
        lo = max(self._sentence_of(start).start, start - 60)
        if _US_PARTY_AFTER.match(self.text, end) or _US_PARTY_BEFORE.search(self.text[lo:start]):
            return "USA"
        m = _described_by_re(self.lex.country_re.pattern).search(self.text, lo, start)
        if (m is not None and (country := self.lex.country(m.group("country"))) is not None
                and not self._town(country.iso3, m.start("country"), m.end("country"))):
            return country.iso3
        m = _FROM_PLACE.match(self.text, end)
        if m is not None:
            for place in (m.group("region"), m.group("place")):
                iso3 = self._place_country(place) if place else None
                if iso3:
                    return iso3
        m = _APPOSITION.match(self.text, end)
        if m is None:
            return None
        words = m.group("words").split()
        if _US_PARTY_WORDS & set(words):
            return "USA"
        for n in (2, 1):
            for i in range(len(words) - n + 1):
                iso3 = self._place_country(" ".join(words[i:i + n]))
                if iso3:
                    return iso3
        return None

    def _place_country(self, name: str) -> str | None:
        """The country a capitalised country alias (demonyms too) or gazetteer place names."""
        name = _POSSESSIVE.sub("", name.strip(" ,.;:"))
        if not name[:1].isupper():
            return None
        country = self.lex.country(name)
        return country.iso3 if country else country_of(name)

    def _name_like(self, ent: Span, name: str) -> bool:
        """Whether a PERSON entity can name a person: not a place ("Srinagar", "Across Sanaa"), not an
        acronym ("BECA") and no digits ("STA-1")."""
        if any(ch.isdigit() for ch in name) or all(w.isupper() and len(w) > 1 for w in name.split()):
            return False
        content = [t for t in ent if t.idx < ent.start_char + len(name)]
        while content and (content[0].is_stop or not content[0].is_alpha):
            content.pop(0)
        return bool(content) and not is_place(self.text[content[0].idx:ent.start_char + len(name)])

    def _title_before(self, start: int) -> tuple[Office | None, int | None]:
        """The office title that ends right before a name: exact (any case) or a fuzzy capitalised run."""
        lo = max(self._sentence_of(start).start, start - 60)
        m = self.lex.title_end_re.search(self.text, lo, start)
        if m is not None and not (m.group(0)[:1].islower() and "," in m.group(0)
                                  and not _OWNED_BEFORE.search(self.text, lo, m.start())):  # "In general, X"
            office = self.lex.office(m.group(0))
            if office is not None:
                return office, m.start()
        run = _NAME_WORDS.search(self.text, lo, start)
        if run is None:
            return None, None
        words = run.group(1).split()
        for n in range(len(words), 0, -1):
            if self.lex.country(words[-n]) is None and (office := self.lex.office(" ".join(words[-n:]))):
                return office, start - len(run.group(1)) + run.group(1).index(words[-n])
        return None, None

    def _person(self, name: str) -> _Entity:
        """The person entity a name refers to: same full name, same surname (typo-tolerant, the Arabic
        article aside: "Bashir" is "Omar al-Bashir"), or the first name of the one person it begins."""
        surname = _surname(name)
        for person in self.persons:
            if person.name == name:
                return person
        for person in self.persons:
            theirs = person.name.split()
            if (len(theirs) == 1 or len(name.split()) == 1) and typo_equal(_surname(person.name), surname):
                if len(name.split()) > len(theirs):
                    person.name = name
                return person
        by_first = [p for p in self.persons if len(name.split()) == 1 and len(p.name.split()) > 1
                    and p.name.split()[0] == name]
        if len(by_first) == 1:  # "Mitt is tough" after "Mitt Romney"; "Chen" after "Chen Guangcheng"
            return by_first[0]
        person = _Entity("person", name)
        self.persons.append(person)
        return person

    def _mention(self, entity: _Entity, start: int, end: int, producer: str) -> None:
        entity.mentions.append(_Mention(start, end, producer))
        self._take(start, end)

    def _surnames(self) -> None:
        """Mentions of a known person's surname that NER missed or mislabelled ("Singh" as GPE)."""
        names = {_surname(p.name): p for p in self.persons if len(p.name.split()) > 1}
        if not names:
            return
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")(?:'s|’s)?\b")
        for m in pattern.finditer(self.text):
            if self._free(m.start(1), m.end(1)):
                self._mention(names[m.group(1)], m.start(1), m.end(1), "actors:surname-coref")

    def _groups(self) -> None:
        """"The two ministers" / "both sides": the two persons named last, or the two main countries."""
        for m in self.lex.group_re.finditer(self.text):
            if not self._free(m.start(), m.end()):
                continue
            if self.lex.groups[m.group(1).lower()] == "person":
                members = self._recent_persons(m.start())
            else:
                members = [self._keyed("state", self.lex.country_names.get(c, c), c, ())
                           for c in self._principal_countries()]
            if len(members) == 2:
                for member in members:
                    self._mention(member, m.start(), m.end(), "actors:group-reference")

    def _recent_persons(self, offset: int) -> list[_Entity]:
        seen: list[_Entity] = []
        events = sorted((mn.start, id(p), p) for p in self.persons for mn in p.mentions if mn.start < offset)
        for _, _, person in reversed(events):
            if person not in seen:
                seen.append(person)
        if len(seen) < 2:
            seen = sorted(self.persons, key=lambda p: -len(p.mentions))
        return seen[:2]

    def _titles(self) -> None:
        """Titles without a name: an appositive ("as the US Secretary of Defense"), the holder, or an office.

        A lower-case title counts only as "the [new] <title>" naming a holder already met ("the new
        chancellor" after "German Chancellor Friedrich Merz")."""
        for m in self.lex.title_any_re.finditer(self.text):
            start, end = m.start(), m.end()
            office = self.lex.office(m.group(0))
            if office is None or not self._free(start, end):
                continue
            qualifier, q_start = self._qualifier(start)
            before = self.text[max(0, q_start - 60):q_start]
            if m.group(0)[:1].islower():
                holder = self._holder(office, qualifier, unique=True) if _DEFINITE.search(before) else None
                if holder is not None:
                    self._mention(holder, q_start, end, "actors:title-reference")
                continue
            after = self.lex.qualifier_after_re.match(self.text, end)
            if qualifier is None and after is not None:
                qualifier = self.lex.countries[" ".join(after.group(1).split())].iso3
                end = after.end()
            bare = qualifier is None and not _DEFINITE.search(before) and len(m.group(0).split()) == 1
            if bare or (end < len(self.text) and self.text[end:end + 2].strip()[:1].isupper()):
                continue
            country = qualifier or office.country
            holder = self._appositive(before, q_start, office) or self._holder(office, country)
            if holder is not None:
                holder.add_office(office, len(office.role.split()))
                holder.set_country(country)
                self._mention(holder, q_start, end, "actors:title-reference")
                continue
            if qualifier is None and len(m.group(0).split()) == 1:
                continue
            entity = self._keyed("person", office.role, country, office.sector)
            entity.role = office.role
            self._mention(entity, q_start, end, "actors:office-title")

    def _appositive(self, before: str, start: int, office: Office) -> _Entity | None:
        """The person a title describes ("X ... as the <title>", "X, the <title>") if it tells more."""
        if not re.search(r"(?:\bas(?:\s+the)?|,(?:\s+the)?)\s+$", before):
            return None
        sentence = self._sentence_of(start)
        candidates = [(mn.end, p) for p in self.persons for mn in p.mentions
                      if sentence.start <= mn.start < start and p.title_words < len(office.role.split())]
        return max(candidates, key=lambda c: c[0])[1] if candidates else None

    def _holder(self, office: Office, country: str | None, *, unique: bool = False) -> _Entity | None:
        """The named person already known to hold ``office`` (in ``country`` when given); with ``unique``,
        None unless exactly one does ("the president" of a report naming two presidents is nobody)."""
        key = fold(office.role)
        holders = [p for p in self.persons
                   if p.role and fold(p.role) == key and (country is None or p.country in (None, country))]
        return holders[0] if holders and (len(holders) == 1 or not unique) else None

    def _lexicon_orgs(self, pattern: re.Pattern[str], lookup: Callable[[str], Org | None], producer: str) -> None:
        for m in pattern.finditer(self.text):
            org = lookup(m.group(0))
            if org is None or not self._free(m.start(), m.end()):
                continue
            qualifier, q_start = self._qualifier(m.start())
            if org.country == "@":
                country = qualifier or self._located_in(m.end()) or self._context_country(m.start())
            else:
                country = org.country
                q_start = q_start if qualifier == org.country else m.start()
            name = generic_name(org.name, country) if org.country == "@" and org.kind == "group" else org.name
            entity = self._keyed(org.kind, name, country, org.sector)
            self._mention(entity, q_start, m.end(), producer)

    def _countries(self) -> None:
        for m in self.lex.country_re.finditer(self.text):
            country = self.lex.country(m.group(0))
            if (country is None or not self._free(m.start(), m.end()) or _FUSED_MODIFIER.match(self.text, m.end())
                    or self._town(country.iso3, m.start(), m.end())):
                continue
            if country.type == "capital" and not self._is_party(m.start(), m.end()):
                continue
            entity = self._keyed("state", self.lex.country_names.get(country.iso3, country.iso3), country.iso3, ())
            self._mention(entity, m.start(), m.end(), f"actors:country-{country.type}")

    def _is_party(self, start: int, end: int) -> bool:
        """A capital standing for its government: the subject or object of a verb, or joined to one by
        "and" ("accused Paris and Berlin"), not a place something happens in or goes to."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        while root.dep_ == "conj" and root.head is not root:
            root = root.head
        return root.dep_ in _SUBJECT_DEPS or root.dep_ in ("dobj", "dative") and root.head.pos_ == "VERB"

    def _is_venue(self, start: int, end: int) -> bool:
        """The name is where something happens (the object of "in"/"at"), not who does it."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ in _VENUE_PREPS

    def _ner_orgs(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ != "ORG":
                continue
            text = ent.text.split("\n")[0]
            trimmed = _POSSESSIVE.sub("", _DETERMINER.sub("", text)).strip().rstrip(" -–—,;:")
            start = ent.start_char + text.index(trimmed) if trimmed else ent.start_char
            end = start + len(trimmed)
            if (len(trimmed) < 2 or not trimmed[:1].isupper() or not self._free(start, end)
                    or self.lex.office(trimmed) or self.lex.office(trimmed.split()[0])
                    or trimmed in self.lex.entity_acronyms or self._is_venue(start, end)):
                continue
            person = self._known_person(trimmed)
            if person is not None:
                self._mention(person, start, end, "actors:name-coref")
                continue
            qualifier, q_start = self._qualifier(start)
            qualifier = qualifier or self._leading_place(trimmed)
            entity = self._keyed("organisation", trimmed, qualifier, ("MED",) if _OUTLET_NAME.search(trimmed) else ())
            self._mention(entity, q_start, end, "actors:ner-organisation")

    def _known_elsewhere(self, entity: _Entity) -> bool:
        """Whether the knowledge base knows the person by name with a country of their own ("President
        Trump" in a report from Warsaw is still American)."""
        actor = self.known(entity.to_actor([]))
        return bool(actor.country) and not (actor.id or UNKNOWN_PREFIX).startswith(UNKNOWN_PREFIX)

    def _leading_place(self, name: str) -> str | None:
        """The country of the country, state or city an organisation's name opens with ("Toronto Police
        Service", "Colorado Supreme Court", "Pakistan Peoples Party"), if any; not a town ("Commonwealth")."""
        words = name.split()
        for n in range(min(len(words) - 1, 3), 0, -1):
            lead = " ".join(words[:n])
            country = self.lex.country(lead)
            place = knowledge_base().place(lead)
            if country is not None or place is not None and place.type in ("region", "city", "capital"):
                return country.iso3 if country is not None else place.iso3
        return None

    def _known_person(self, name: str) -> _Entity | None:
        """The person already named that ``name`` repeats (full name, or surname with a small typo)."""
        words = name.split()
        for person in self.persons:
            theirs = person.name.split()
            if name == person.name or len(words) == 1 and len(theirs) > 1 and typo_equal(_surname(person.name),
                                                                                         _surname(name)):
                return person
        return None

    def _principal_countries(self) -> list[str]:
        """The two countries the report is about: named most as states (a minister's or an envoy's
        country counts a little: a third party's spokesman often speaks for the two sides)."""
        counts: Counter[str] = Counter()
        for entity in [*self.persons, *self.entities.values()]:
            if entity.country:
                counts[entity.country] += 0.5 * len(entity.mentions) if entity.kind == "person" else len(entity.mentions)
        for m in self.lex.country_re.finditer(self.text):
            country = self.lex.country(m.group(0))
            if country is not None and not self._town(country.iso3, m.start(), m.end()):
                counts[country.iso3] += 1
        if self.article_country:
            counts[self.article_country] += 1
        return [iso3 for iso3, _ in counts.most_common(2)]

    def _finish(self) -> ActorMentions:
        by_sentence: dict[int, list[tuple[Actor, Citation]]] = {}
        entities = [e for e in [*self.persons, *self.entities.values()] if e.mentions]
        cited = []
        for entity in entities:
            state_office = entity.kind == "person" and entity.role and _STATE_SECTORS & set(entity.sector)
            if state_office and entity.country is None and not self._known_elsewhere(entity):
                entity.country = self.home
            pairs = []
            for mention in sorted(entity.mentions, key=lambda mn: mn.start):
                sentence = self._sentence_of(mention.start)
                end = min(mention.end, sentence.end)
                citation = Citation(self.article_id, sentence.index, mention.start, end, mention.producer,
                                    self.text[mention.start:end])
                pairs.append((sentence.index, citation))
            cited.append((self.known(entity.to_actor([c for _, c in pairs])), pairs))
        actors = _with_dominant_country(cited, self._place_countries, self.known)
        for actor, (_, pairs) in zip(actors, cited):
            for index, citation in pairs:
                by_sentence.setdefault(index, []).append((actor, citation))
        for pairs in by_sentence.values():
            pairs.sort(key=lambda pair: pair[1].start)
        actors.sort(key=lambda a: a.citations[0].start)
        return ActorMentions(actors, by_sentence, self._principal_countries())


@functools.lru_cache(maxsize=4096)
def _region_iso3(name: str) -> str | None:
    """The country of a state, province, city or town name (not a country's own name, which the country
    matchers handle), remembered."""
    place = knowledge_base().place(name)
    if place is not None:
        return place.iso3 if place.type in ("region", "city", "capital", "place") else None
    return knowledge_base().town(name)


@functools.lru_cache(maxsize=4096)
def _place_iso3(name: str) -> str | None:
    """The country of a span the parser tags as a place, from the gazetteer or the town table;
    remembered: the same towns recur across a batch of reports."""
    found = country_of(name) or knowledge_base().town(name)
    part = _COMPASS.match(name)
    return found or (_place_iso3(name[part.end():]) if part else None)


@functools.cache
def _described_by_re(countries: str) -> re.Pattern[str]:
    """A country alias, then one to three lower-case words (no conjunction or preposition), short acronyms or
    abbreviated titles, ending where a name starts: "Australian VC recipient ", "Vietnamese defense chief
    Gen. " (not "Israeli strike killed Hamas commander ", "X of Britain and ")."""
    words = r"(?!(?:and|or|but|of|in|on|at|to|for|with|from|by|as|than|said|says|told)\b)[a-z][\w-]*"
    return re.compile(rf"(?<![\w-])(?P<country>{countries})\s+(?:(?:{words}|[A-Z]{{2,4}}|[A-Z][a-z]{{1,3}}\.)\s+){{1,3}}$")


def _surname(name: str) -> str:
    """The last word of a name without an Arabic article ("Omar al-Bashir" -> "Bashir")."""
    return _SURNAME_ARTICLE.sub("", name.split()[-1]) or name.split()[-1]


#: A report is about one country when that country has at least this share of the mentions of actors
#: with a country (and at least two of them): an actor it names with no country is taken to be of it.
DOMINANT_SHARE = 0.6


def _with_dominant_country(cited: list[tuple[Actor, list[tuple[int, Citation]]]],
                           places: Callable[[], Counter[str]], known: Canon) -> list[Actor]:
    """The actors, one of no known country (a person, a body, a generic group; not one the knowledge base
    knows as international, nor a person named by one word alone) given the report's dominant country,
    counted over the actors' mentions and the places named: a US political report's Richard Mourdock and
    "the House" are American, and so is the father in a report set in "Crestview, Florida"; a report about
    many countries gives nobody a country."""
    if all(actor.country or actor.kind == "state" for actor, _ in cited):
        return [actor for actor, _ in cited]  # nobody to give a country: the places need not be counted
    counts: Counter[str] = places()
    for actor, pairs in cited:
        if actor.country:
            counts[actor.country] += len(pairs)
    total = sum(counts.values())
    top = counts.most_common(1)
    if not top or top[0][1] < 2 or top[0][1] < DOMINANT_SHARE * total:
        return [actor for actor, _ in cited]
    country = top[0][0]
    out = []
    for actor, _ in cited:
        if actor.country is None and actor.kind != "state" and not _INTERNATIONAL.search(actor.name) and not (
                actor.id and not actor.id.startswith("x:")) and not _lone_name(actor):
            name = generic_name(actor.name, country) if actor.kind == "group" else actor.name
            actor = known(dataclasses.replace(actor, id=None, code=None, country=country, name=name))
        out.append(actor)
    return out


def _lone_name(actor: Actor) -> bool:
    """A person named by one word that no full name in the report explains ("Hitler", "Kate", "Thou"):
    too often someone from elsewhere, or no person at all, to take the report's country."""
    return actor.kind == "person" and len(actor.name.split()) == 1


#: Names of bodies that belong to no one country ("International Criminal Court", "World Bank").
_INTERNATIONAL = re.compile(r"\b(?:International|United Nations|World|Global|European|African Union|Inter)\b")


def extract_actors(doc: Doc, sentences: Sequence[Sentence], article_id: str,
                   article_country: str | None = None, skip: Sequence[tuple[int, int]] = (),
                   known: Canon | None = None) -> ActorMentions:
    """Find, resolve and link every actor mention of a parsed article.

    ``sentences`` are the article's sentences (char offsets into ``doc.text``); ``skip`` are
    spans that hold no actors (the dateline, agreement names); ``known`` makes each actor canonical
    (:func:`concord.analyze.canonical.canonical` for the report's day; default: the shipped
    knowledge base, undated).
    """
    if not sentences:
        return ActorMentions([], {}, [])
    if known is None:
        kb = knowledge_base()
        known = functools.partial(canonical, day=None, kb=kb)
    return _Resolver(doc, sentences, article_id, article_country, skip, known).run()
