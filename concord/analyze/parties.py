"""The parties of an event: which actors a role's noun phrase names.

A phrase names the actor mentioned at its head ("the Syrian government"); a phrase headed by a thing
("a U.S. Supreme Court decision", "Iran's nuclear programme") names the actor nearest its head (the
court, Iran), else the state of a place named before it ("the Lagos port": Nigeria); a phrase
headed by a person noun no mention covers ("a senior Indian diplomat") names a generic actor of the
country its modifiers give; an unknown proper name ("Siemens") names itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Actor, Citation
from ..kb import Agent, country_of, knowledge_base
from .actor_lexicons import actor_lexicons
from .actors import generic_name, is_place
from .roles import noun_phrase, phrase_heads

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["Party", "parties"]

PRODUCER = "events:role-phrase"
Mention = tuple[Actor, "Span"]


@dataclass(frozen=True)
class Party:
    """One side of an event as a noun phrase of the sentence, and the actors it names (maybe none)."""

    phrase: Span
    actors: tuple[Mention, ...]


def parties(heads: Sequence[Token], mentions: Sequence[Mention], article_id: str, sentence: int,
            skip: Sequence[tuple[int, int]] = ()) -> list[Party]:
    """The party each phrase head stands for, with the actors found in or made from its phrase; a head
    in a ``skip`` span (the dateline, an agreement's name) stands for no party."""
    found = []
    for head in heads:
        if any(a <= head.idx < b for a, b in skip):
            continue  # the dateline, or the name of an agreement: no party
        phrase = noun_phrase(head)
        core = _partitive_core(head)  # "dozens of protesters": the protesters
        named = _phrase_actors(core, phrase, mentions) or _made_actors(core, noun_phrase(core), mentions,
                                                                        article_id, sentence)
        if not named and not _person_noun(core):  # "a request from two senators", "an appeal filed by X"
            named = _owners_below(core, mentions, article_id, sentence)
        if not named and _person_noun(head):  # "the chairman of the African Union Commission Moussa Faki"
            named = _nearest(head, [m for m in mentions if phrase.start <= m[1].start and m[1].end <= phrase.end])
        found.append(Party(phrase, tuple(named)))
    return found


#: Nouns of a part or a number of something: the phrase stands for what it is "of".
_PARTS = frozenset("part parts number dozens hundreds thousands millions scores some many most all one rest "
                   "remnants majority handful".split())


def _partitive_core(head: Token) -> Token:
    """The noun a part or a number is of ("hundreds of political prisoners", "parts of Idlib"), else the head."""
    for _ in range(3):
        if not (head.pos_ == "NUM" or head.lemma_.lower() in _PARTS or head.lower_ in _PARTS):
            break
        objects = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"]
        if not objects:
            break
        head = objects[0]
    return head


#: Prepositions after a thing that lead to whose it is or whom it is aimed at (not "in"/"at": where).
_OWNER_PREPS = frozenset({"of", "from", "by", "for", "to", "against", "on", "with", "between", "toward", "towards"})


def _owner_links(token: Token) -> list[Token]:
    """The nouns a thing's phrase hangs on it: its owner prepositions' objects and the agent of a clause
    describing it ("an appeal filed by X")."""
    found = [g for c in token.children if c.dep_ == "prep" and c.lower_ in _OWNER_PREPS
             for g in c.children if g.dep_ == "pobj"]
    return found + [g for c in token.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent"
                    for g in a.children if g.dep_ == "pobj"]


def _owners_below(head: Token, mentions: Sequence[Mention], article_id: str, sentence: int) -> list[Mention]:
    """The actors a thing's phrase names below its head, nearest level first: a mention or an actor made
    from a phrase its owner links reach ("a request from 30 lawmakers", "aid for Sarajevo")."""
    level = [head]
    for _ in range(3):
        level = [g for t in level for g in _owner_links(t)]
        found: list[Mention] = []
        for token in level:
            inner = noun_phrase(_partitive_core(token))
            owners = [m for m in mentions if not _placed_under(m[1].root, inner.root)]
            named = _phrase_actors(inner.root, inner, owners) or _made_actors(inner.root, inner, mentions,
                                                                                article_id, sentence)
            found += [m for m in named if all(m[0] is not f[0] for f in found)]
        if found:
            return found
    return []


#: Prepositions of where something is: a place after them says where, not whose.
_WHERE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "along"})


def _placed_under(token: Token, top: Token) -> bool:
    """``token`` hangs from ``top`` through a preposition of where ("memorandums signed in the Chinese
    capital")."""
    node = token
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ == "prep" and node.lower_ in _WHERE_PREPS:
            return True
        node = node.head
    return False


def _covering(token: Token, mentions: Sequence[Mention]) -> Mention | None:
    return next((m for m in mentions if m[1].start <= token.i < m[1].end), None)


def _phrase_actors(head: Token, phrase: Span, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions a phrase names (:func:`_named_in`), a generic body of no country made someone's by
    its own phrase (:func:`_placed`)."""
    inside = [m for m in mentions if phrase.start <= m[1].start and m[1].end <= phrase.end]
    found = []
    for mention in _named_in(head, phrase, mentions):
        for each in _placed(mention, inside, mentions) if _nobody(mention[0]) else [mention]:
            if all(each[0] is not f[0] for f in found):
                found.append(each)
    return found


def _named_in(head: Token, phrase: Span, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions a phrase names: the one at its head, else (a thing's phrase) the nearest ones."""
    inside = [m for m in mentions if phrase.start <= m[1].start and m[1].end <= phrase.end]
    at_head = [m for m in inside if m[1].start <= head.i < m[1].end]
    if at_head:  # several where one phrase refers to several ("the two ministers")
        return sorted(at_head + _coordinated(at_head[0], inside), key=lambda m: m[1].start)
    if head.lemma_.lower() in _SPEAKS_FOR:  # "a spokesman for the ministry": the ministry speaks
        owners = [m for g in _for_objects(head) if (m := _covering(g, inside)) is not None]
        if owners:
            return owners
    if _person_noun(head):  # "Taliban militants": the group; "a senior Indian diplomat": made below
        return [m for c in head.children if c.dep_ in ("compound", "poss") and (m := _covering(c, inside))
                and m[0].kind in ("group", "organisation") and m[0].id and not m[0].id.startswith("x:")][:1]
    return _nearest(head, inside)


def _nearest(head: Token, inside: Sequence[Mention]) -> list[Mention]:
    """The mentions nearest a phrase's head (:func:`phrase_heads`), all of the nearest depth."""
    best: list[Mention] = []
    level = None
    for depth, token in phrase_heads(head):
        if level is not None and depth > level:
            break
        mention = _covering(token, inside)
        if mention is not None and mention not in best:
            best.append(mention)
            level = depth
    return best


def _nobody(actor: Actor) -> bool:
    """A generic body or group of no known country ("officials", "the government"): nobody an event
    can be coded for until its phrase says whose it is."""
    return actor.kind == "group" and actor.country is None and (actor.id or "x:").startswith("x:")


def _placed(mention: Mention, inside: Sequence[Mention], mentions: Sequence[Mention]) -> list[Mention]:
    """A generic body made someone's by its phrase: of the country its modifiers name ("the Uttar Pradesh
    government", "a court in Lyon"), else the organisation named before it ("UN officials"), else of the
    sentence's one country."""
    actor, span = mention
    head = span.root
    countries = _modifier_countries(head, mentions)
    owners = [m for c in head.children if c.dep_ in ("compound", "poss") and (m := _covering(c, inside))
              and m[0].kind in ("organisation", "group") and not _nobody(m[0])]
    if not countries and owners:
        return owners[:1]
    countries = countries or _sentence_country(mentions)
    if countries:
        noun = actor.name.lower()
        return [(dataclasses.replace(actor, name=generic_name(noun, countries[0]), country=countries[0], id=None,
                                     code=None), span)]
    return [mention]


#: Nouns of people who speak for someone else: the one they speak for is the party.
_SPEAKS_FOR = frozenset("spokesman spokeswoman spokesperson representative".split())


def _for_objects(head: Token) -> list[Token]:
    """Whom a spokesman speaks for: the object of "for"/"of" after it, or its possessor."""
    found = [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "of")
             for g in c.children if g.dep_ == "pobj"]
    return found + [c for c in head.children if c.dep_ in ("poss", "compound")]


def _coordinated(first: Mention, inside: Sequence[Mention]) -> list[Mention]:
    """Mentions of the same kind joined to ``first`` by "and" inside one phrase, where the parse made
    one of two coordinated names a modifier of the other ("X and Minister Y held a call")."""
    found = []
    for other in inside:
        if other[0].kind != first[0].kind or other[1].start == first[1].start:
            continue
        lo, hi = sorted((first[1], other[1]), key=lambda span: span.start)
        if any(t.dep_ == "cc" and t.lower_ in ("and", "&") for t in first[1].doc[lo.end:hi.start]):
            found.append(other)
    return found


def _agent(token: Token) -> Agent | None:
    """The generic actor a common noun names in the knowledge base ("refugees", "prosecutor"), with the
    words before it where the knowledge base lists them together ("asylum seekers", "presidential candidate")."""
    if token.pos_ != "NOUN":
        return None
    kb = knowledge_base()
    before = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
    for first in sorted(before, key=lambda c: c.i):
        words = " ".join(t.text for t in token.doc[first.i:token.i])
        found = kb.agent(f"{words} {token.text}") or kb.agent(f"{words} {token.lemma_}")
        if found is not None:
            return found
    return kb.agent(token.lemma_) or kb.agent(token.text)


def _person_noun(token: Token) -> bool:
    """A common noun that names who acts: a collective or agent noun, or a title."""
    return token.pos_ == "NOUN" and (_agent(token) is not None or actor_lexicons().office(token.text) is not None)


def _made_actors(head: Token, phrase: Span, mentions: Sequence[Mention], article_id: str,
                 sentence: int) -> list[Mention]:
    """Actors made from the phrase itself: a person noun once per country its modifiers name ("the
    prime ministers of Poland and Czechia"), the state of a place or of a thing a place's name modifies, or
    an unknown proper name."""
    citation = Citation(article_id, sentence, phrase.start_char, phrase.end_char, PRODUCER, phrase.text)
    if _person_noun(head):
        lex = actor_lexicons()
        agent = _agent(head)
        office = None if agent else lex.office(head.text) or lex.office(head.lemma_)
        noun = agent.name if agent else office.role if office else head.lemma_
        sectors = list(agent.sectors) if agent else list(office.sector) if office else []
        kind, role = ("group", None) if agent else ("person", noun)
        title = lex.office(head.text) or lex.office(head.lemma_)
        if agent is not None and not agent.country_from_context:  # "allies", "countries": of no one country
            countries: list[str | None] = [None]
        else:
            countries = _modifier_countries(head, mentions) or _sentence_country(mentions) or (
                [None] if agent and title is None else [])  # no bare "Minister", nobody's "envoy"
        return [(Actor(generic_name(noun, country), kind, country, sectors, role, [citation]), phrase)
                for country in countries]
    if head.pos_ == "PROPN" and (head.ent_type_ in ("GPE", "LOC", "FAC") or is_place(head.text)):
        return _place_state(head, citation, phrase, mentions)
    if head.ent_type_ == "NORP" and head.tag_ in ("NNS", "NNPS"):  # "aid to Syrians": Syria's people
        alias = actor_lexicons().country(head.text) or actor_lexicons().country(head.text.removesuffix("s"))
        return [] if alias is None else [(Actor(generic_name("people", alias.iso3), "group", alias.iso3, ["PPL"],
                                                None, [citation]), phrase)]
    if head.pos_ == "NOUN" and not _acronym(head):  # "shelled the Aleppo hospital", "vetoed a US resolution": the place's state
        return [(Actor(_state_name(iso3), "state", iso3, [], None, [citation]), phrase)
                for iso3 in _owner_countries(head, mentions)[:1]]
    if (head.pos_ == "PROPN" or _acronym(head)) and head.ent_type_ not in ("DATE", "TIME", "MONEY", "NORP"):
        name = _proper_name(head)
        if name is None:
            return []
        kind = "person" if head.ent_type_ == "PERSON" and not _acronym(head) else "organisation"
        countries = _modifier_countries(head, mentions)
        return [(Actor(name, kind, countries[0] if countries else None, [], None, [citation]), phrase)]
    return []


def _acronym(token: Token) -> bool:
    """An organisation's acronym, which the tagger may take for a common noun at the start of a sentence
    ("SADC refused", "ICE returned")."""
    return token.is_alpha and token.is_upper and 2 <= len(token) <= 6 and token.pos_ in ("NOUN", "PROPN")


def _place_state(head: Token, citation: Citation, phrase: Span, mentions: Sequence[Mention]) -> list[Mention]:
    """A place acted on stands for its country, as event coders code it ("shelled Idlib": Syria), cited
    with the place's own words; a place the gazetteer lacks, acted on, for the sentence's one country."""
    words = [t for t in head.children if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN" and t.i < head.i]
    name = head.doc[min([head.i, *(t.i for t in words)]):head.i + 1].text
    iso3 = _place_country(name) or _place_country(head.text)
    if iso3 is None and head.dep_ in ("dobj", "pobj", "nsubjpass") and not knowledge_base().actors_named(name):
        iso3 = next(iter(_sentence_country(mentions)), None)  # acted on, not acting: a mistagged name acts
    if iso3 is None:
        return []
    return [(Actor(_state_name(iso3), "state", iso3, [], None, [citation]), phrase)]


def _state_name(iso3: str) -> str:
    return actor_lexicons().country_names.get(iso3, iso3)


def _proper_name(head: Token) -> str | None:
    """The proper name a head ends ("Munich I Regional Court", "Siemens"); None if it is a place, a bare
    title ("Mayor"), not capitalised ("bin") or a piece of a longer person's name ("Ulysses" of
    "Ulysses S. Grant")."""
    words = [t for t in head.children if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN" and t.i < head.i]
    start = min([head.i, *(t.i for t in words)])
    name = head.doc[start:head.i + 1].text
    person = next((e for e in head.doc.ents if e.label_ == "PERSON" and e.start <= head.i < e.end), None)
    if person is not None and (person.start < start or person.end > head.i + 1):
        return None
    if not name[:1].isupper() or actor_lexicons().office(name) is not None:
        return None
    return None if is_place(name) or is_place(head.text) else name


def _sentence_country(mentions: Sequence[Mention]) -> list[str]:
    """The one country the sentence's actors belong to, if they all belong to one ("a suicide bomber in
    Mogadishu killed six people": Somalia's people): where a generic noun's own phrase names none."""
    countries = {actor.country for actor, _ in mentions if actor.country}
    return list(countries) if len(countries) == 1 else []


def _modifier_countries(head: Token, mentions: Sequence[Mention]) -> list[str]:
    """The countries a phrase's modifiers name: demonyms, countries and places before it ("Indian
    diplomat", "Britain's ambassador", "Delhi court"), after "of" ("the prime ministers of Poland and
    Czechia"), where it is ("a court in Ho Chi Minh City"), the modifiers of those ("an employee of the
    Swiss Embassy"), or the country of an actor that owns it."""
    words = [c for c in head.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    objects = [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "in") for g in c.children
               if g.dep_ == "pobj"]
    words += objects + [c for g in objects for c in g.children  # "an employee of the Swiss Embassy"
                        if c.dep_ in ("amod", "compound", "poss") and _covering(g, mentions) is None]
    found: list[str] = []
    for word in [w for t in words for w in (t, *t.conjuncts)]:
        country = _word_country(word, mentions)
        if country and country not in found:
            found.append(country)
    return found


def _owner_countries(head: Token, mentions: Sequence[Mention]) -> list[str]:
    """The countries a thing's modifiers before it name ("the Lagos port", "a French draft"); not a
    place after it ("an agreement in Lima" is where, not whose)."""
    words = [c for c in head.children if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < head.i]
    return list(dict.fromkeys(c for w in words if (c := _word_country(w, mentions))))


def _word_country(word: Token, mentions: Sequence[Mention]) -> str | None:
    """The country a modifier names: its actor's, a country alias, or a known place ("Delhi")."""
    mention = _covering(word, mentions)
    if mention is not None:
        return mention[0].country
    alias = actor_lexicons().country(word.text)
    if alias is not None:
        return alias.iso3
    if word.pos_ != "PROPN":
        return None
    name = " ".join(t.text for t in word.subtree if t.dep_ in ("compound", "flat") or t == word)
    if word.ent_type_ in ("GPE", "LOC", "FAC"):
        return _place_country(name) or _place_country(word.text)
    return country_of(name) or country_of(word.text)


def _place_country(name: str) -> str | None:
    """The country of a name the parser tags as a place: the gazetteer's, else the town table's ("Mosul");
    an acronym only when it is a country's ("US", not "NC": a party as often as a state)."""
    kb = knowledge_base()
    if name.replace(".", "").isupper() and len(name.replace(".", "")) <= 3:
        place = kb.place(name)
        return place.iso3 if place is not None and place.type not in ("region", "city", "place") else None
    return country_of(name) or kb.town(name)
