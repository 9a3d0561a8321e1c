"""Who acts and who is acted on, read from the dependency parse around an event's trigger word.

A verb trigger's actor is its subject (or, passive, the agent of "by X"), found by climbing the verbs
that share a subject ("decided to attack", "met X and signed"); its recipients are its objects and the
objects of the prepositions that name a target ("against/on/with/to/from X"). A noun trigger's actor is
its possessor ("Iran's attack"), its "by"/"from" phrase or the subject of the verb that launches it
("X imposed sanctions"); its recipients are its "on/against/of/to/with" phrases, or the subject of a
verb of undergoing ("X faced criticism"). When the trigger's clause is what someone said and has no
actor of its own, the one who said it is offered as the speaker. Pure functions over spaCy tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..kb import knowledge_base

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["RoleSlots", "clause_depth", "demand_slots", "governing_verbs", "noun_phrase", "phrase_heads", "role_slots",
           "REPORTING_VERBS"]

#: Verbs that attribute what follows to a speaker ("officials said", "according to").
REPORTING_VERBS = frozenset("say tell add report state note confirm write quote claim insist announce".split())
#: Prepositions whose object is on the receiving end of a verb's act, strongest first.
_TARGET_PREPS = ("against", "on", "upon", "with", "to", "toward", "towards", "into", "onto", "from", "over", "at",
                 "of", "for", "in")
#: Of those, the ones that more often place the act ("in Geneva") or give its reason than its target:
#: used only when nothing stronger names a recipient.
_WEAK_PREPS = frozenset({"at", "for", "in"})
#: Prepositions after a noun trigger that name its target ("attack on", "sanctions against", "arrest of").
_NOUN_TARGET_PREPS = ("against", "on", "upon", "of", "to", "toward", "towards", "with", "into", "over", "at",
                      "between", "in", "for")
#: Verbs and nouns of moving something to someone: their object is the thing moved, not who gets it.
_MOVING = frozenset("send deploy dispatch supply provide deliver donate transfer ship sell lend withdraw pull return "
                    "station airlift deployment delivery supply shipment transfer withdrawal donation dispatch"
                    .split())
#: Prepositions inside a noun phrase that lead to whom a thing belongs or is aimed at ("the results of
#: the report", "talks with the government", "sanctions against Chinese officials", "aid to Egypt", "a
#: request by the president", "a mediation effort between India and Pakistan").
_PHRASE_PREPS = frozenset({"of", "for", "from", "in", "with", "against", "to", "on", "into", "by", "between"})
#: Nouns of documents and decisions: an act they state ("a resolution demanding") is their author's.
_DOCUMENTS = frozenset("resolution report statement letter bill motion decree petition declaration communique "
                       "order ruling decision proposal law verdict".split())
#: Prepositions that name where a moved thing goes.
_TO_PREPS = ("to", "into", "toward", "towards")
#: Links from a verb to the verb whose subject it shares ("decided to attack", "met X and signed").
_SHARES_SUBJECT = frozenset({"xcomp", "advcl", "conj", "pcomp"})
#: Verbs whose subject undergoes the noun they take ("faced criticism", "came under attack").
_UNDERGO = frozenset("face receive suffer draw get undergo endure come".split())
#: Dependents that end a noun phrase: clauses hanging from it, and loose punctuation.
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "punct", "cc", "mark", "parataxis"})


@dataclass(frozen=True)
class RoleSlots:
    """The heads of the noun phrases on each side of one trigger (each head once, in sentence order)."""

    actors: tuple[Token, ...] = ()
    recipients: tuple[Token, ...] = ()
    #: The subject of a verb of saying over the trigger, when the trigger's clause names no actor itself.
    speakers: tuple[Token, ...] = ()
    #: Where a verb's act took place ("sought refuge in Bangladesh"): the recipient when its objects name nobody.
    places: tuple[Token, ...] = ()
    #: Names further down the trigger's own clauses, nearest first ("gave $5 million to promote trade with
    #: Ethiopia"): the recipient when nothing nearer names anyone.
    reach: tuple[Token, ...] = ()


def role_slots(trigger: Token) -> RoleSlots:
    """The actor, recipient and speaker phrase heads of the act ``trigger`` names."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        actors, recipients = _noun_slots(trigger)
    elif _judged(trigger):  # "a judge found Britta Nielsen guilty": the judge acts, Nielsen is acted on
        actors, recipients = _verb_slots(trigger.head)[0], _objects(trigger, ("nsubj",))
    else:
        actors, recipients = _verb_slots(trigger)
    speakers: list[Token] = [] if actors else _speakers(trigger)
    taken = {t.i for t in actors}
    recipients = [t for t in recipients if t.i not in taken]
    places = [g for g in _places(trigger) if g.i not in taken]
    reach = _reach(trigger, actors)
    return RoleSlots(_ordered(actors), _ordered(recipients), _ordered(speakers), _ordered(places), tuple(reach))


def _reach(trigger: Token, actors: Sequence[Token]) -> list[Token]:
    """Named words under the trigger, nearest first (a modifier of a thing after the things it is aimed at:
    "UN operations in Syria"), outside its actors' phrases, the frame of who said it and the clauses and
    phrases that give its time or cause ("after X won")."""
    skip = {t.i for a in actors for t in a.subtree}
    found: list[tuple[int, int, Token]] = []
    frontier = [(0, trigger)]
    while frontier:
        cost, token = frontier.pop()
        for child in token.children:
            if child.i in skip or _background_link(child) or cost > 6:
                continue
            step = cost + (2 if child.dep_ in _MODIFIERS else 1)
            if _named_token(child) and child.pos_ != "PRON" and child.ent_type_ not in _WHEN:
                found.append((step, child.i, child))
            frontier.append((step, child))
    return [t for _, _, t in sorted(found)]


#: Links to a noun's modifiers: who owns or makes a thing, named after whom it is aimed at.
_MODIFIERS = frozenset({"compound", "amod", "nmod", "poss"})
#: Words that open a phrase or clause of when or why, not of whom ("after", "because").
_BACKGROUND = frozenset("after before since during following amid despite because when while as once "
                        "although though".split())


def _background_link(child: Token) -> bool:
    """A child that leaves the act: a verb of saying framing it, a clause or phrase of time or cause."""
    if child.pos_ in ("VERB", "AUX") and child.lemma_.lower() in REPORTING_VERBS:
        return True
    if child.dep_ == "prep":
        return child.lower_ in _BACKGROUND
    return child.dep_ in ("advcl", "relcl") and any(m.dep_ == "mark" and m.lower_ in _BACKGROUND
                                                    for m in child.children)


def _places(trigger: Token) -> list[Token]:
    """Where an act took place: the "in"/"at" phrase of the trigger, of its object ("suspended aid
    deliveries in Borno State") or, for a noun, of the verb that takes it ("held meetings in Baghdad")."""
    holders = [trigger, *_objects(trigger, ("dobj",))]
    if trigger.pos_ in ("NOUN", "PROPN") and (verb := _governing_verb(trigger)) is not None:
        holders.append(verb)
    return [g for h in holders for p, g in _prep_objects(h, ("in", "at"))]


def _ordered(tokens: Iterable[Token]) -> tuple[Token, ...]:
    seen: dict[int, Token] = {}
    for token in map(_antecedent, tokens):
        for member in (token, *_conjuncts(token)):
            seen.setdefault(member.i, member)
    return tuple(seen[i] for i in sorted(seen))


#: Pronouns that, as the subject of a reported clause, usually stand for the one reporting it.
_SELF_PRONOUNS = frozenset("it he she they we".split())


def _antecedent(token: Token) -> Token:
    """The speaker a subject pronoun of a reported clause stands for ("Ethiopia said it would allow"),
    else the token itself."""
    if token.pos_ != "PRON" or token.lower_ not in _SELF_PRONOUNS or not token.dep_.startswith("nsubj"):
        return token
    speakers = _speakers(token.head) if token.head.dep_ in ("ccomp", "parataxis") else []
    return speakers[0] if speakers else token


def _conjuncts(token: Token) -> Iterator[Token]:
    """Nouns joined to ``token`` by "and"/"or" ("France and Germany")."""
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            yield child
            yield from _conjuncts(child)


def _named_token(token: Token) -> bool:
    """A name, or a noun that stands for someone (a pronoun is resolved later)."""
    return token.pos_ in ("PROPN", "PRON") or token.ent_type_ in ("GPE", "ORG", "NORP", "PERSON")


def _party(token: Token) -> bool:
    """A name or a word for a kind of party ("Iran", "rebels"), not a thing ("demands", "a guarantee")."""
    return _named_token(token) or knowledge_base().agent(token.lemma_) is not None


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass", "agent") for c in verb.children)


def _objects(token: Token, deps: Iterable[str]) -> list[Token]:
    wanted = set(deps)
    return [c for c in token.children if c.dep_ in wanted]


def _prep_objects(token: Token, preps: Iterable[str]) -> list[tuple[str, Token]]:
    """(preposition, object) for each prepositional phrase on ``token`` whose preposition is in ``preps``."""
    allowed = set(preps)
    found = []
    for child in token.children:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ in allowed:
            found += [(child.lower_, g) for g in child.children if g.dep_ == "pobj" and g.ent_type_ not in _WHEN]
    return found


#: Entity types of when, never of whom ("on Thursday", "in 2017").
_WHEN = frozenset({"DATE", "TIME"})


def _verb_slots(verb: Token, borrow: bool = True) -> tuple[list[Token], list[Token]]:
    """A verb's actors (subject, or passive agent) and recipients (objects, target phrases); with
    ``borrow``, a verb with no recipient of its own takes those of the act it promises or serves."""
    passive = _passive(verb)
    if passive:
        actors = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        recipients = _objects(verb, ("nsubjpass",))
    else:
        actors = _objects(verb, ("nsubj",))
        recipients = _objects(verb, ("dobj", "dative", "oprd"))
    if not actors:
        actors = _inherited_subject(verb, passive)
    if not actors and passive:  # "was arrested in Rwanda": the state where it was done
        actors = [g for p, g in _prep_objects(verb, ("in",)) if g.ent_type_ == "GPE"]
    actors = [m for a in actors for m in _makers(a)]
    if verb.lemma_.lower() in _MOVING and not passive:
        recipients = _destinations(verb, recipients)
    else:
        recipients += _targets(verb, bool(recipients))
    if not any(map(_party, recipients)):  # "provided a guarantee to Ukraine", "held talks in X with Y"
        recipients += [g for o in _objects(verb, ("dobj",)) for p, g in _prep_objects(o, _TARGET_PREPS)
                       if p not in _WEAK_PREPS and p not in ("of", "over")]
    if not recipients:  # "convicted the bank to pay", "allowed the WFP to deliver", "demanded that he resign"
        recipients = [c for x in _objects(verb, ("ccomp", "xcomp")) if _infinitive(x) or _bare(x)
                      for c in _objects(x, ("nsubj",))]
    if not recipients and borrow:  # "agreed to lend $1 billion to Indonesia", "donated ventilators to assist Ethiopia"
        recipients = [r for x in _objects(verb, ("xcomp", "advcl")) if x.dep_ == "xcomp" or _purpose(x)
                      for r in _verb_slots(x, False)[1]]
    if not recipients and borrow and verb.dep_ in ("advcl", "xcomp") and _purpose(verb) and verb.head.pos_ == "VERB":
        recipients = _verb_slots(verb.head, False)[1]  # "sent experts to Saudi Arabia to investigate"
    return actors, recipients


def _makers(thing: Token) -> list[Token]:
    """Who acts through a thing that does the act: the "by" agent of a participle on it ("the missiles
    fired by X struck"); a name, or a thing with no such agent, acts itself."""
    if _named_token(thing) or knowledge_base().agent(thing.lemma_) is not None:  # a soldier acts himself
        return [thing]
    agents = [g for c in thing.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent"
              for g in a.children if g.dep_ == "pobj"]
    return agents or [thing]


def _judged(word: Token) -> bool:
    """An adjective someone is declared to be, with its own subject ("found the regime guilty")."""
    return (word.pos_ == "ADJ" and word.dep_ in ("ccomp", "xcomp", "oprd") and word.head.pos_ == "VERB"
            and any(c.dep_ == "nsubj" for c in word.children))


def _infinitive(clause: Token) -> bool:
    """A clause with an infinitive "to" ("... the bank to pay")."""
    return any(g.dep_ == "aux" and g.lower_ == "to" for g in clause.children)


def _bare(clause: Token) -> bool:
    """A clause whose verb is in its bare form, as after a demand ("demanded [that] the government
    resign"): what someone is to do, not what is so."""
    return clause.tag_ == "VB" and not any(c.dep_ == "aux" for c in clause.children)


def _destinations(mover: Token, objects: list[Token]) -> list[Token]:
    """Who receives what a verb or noun of moving moves ("sent troops to Liberia", "deployment of 230
    troops to Liberia", "supplied Armenia with arms"): where it goes, else the object when that is
    not the thing moved ("supplied Armenia")."""
    where = [g for p, g in _prep_objects(mover, _TO_PREPS)]
    where += [g for o in objects for p, g in _prep_objects(o, _TO_PREPS)]
    where += [g for c in mover.children if c.dep_ == "dative" for g in c.children if g.dep_ == "pobj"]
    if not where:  # "withdraw its troops from South Vietnam": what it leaves
        where = [g for x in (mover, *objects) for p, g in _prep_objects(x, ("from",))]
    if where:
        return where
    return [o for o in objects if o.dep_ == "dative" or _named_token(o)]


def _purpose(clause: Token) -> bool:
    """An infinitive clause of purpose ("... to assist Ethiopia")."""
    return clause.pos_ == "VERB" and _infinitive(clause)


def _targets(verb: Token, has_object: bool) -> list[Token]:
    """Objects of a verb's target prepositions; the weak ones ("in", "at", "for") only when nothing
    else names a recipient."""
    targets = _prep_objects(verb, _TARGET_PREPS)
    strong = [g for p, g in targets if p not in _WEAK_PREPS]
    return strong or ([] if has_object else [g for _, g in targets])


def _inherited_subject(verb: Token, passive: bool) -> list[Token]:
    """The actor of a verb with no subject of its own: the subject of the verb it shares one with, the
    noun a relative or participle clause describes ("the group that attacked", "troops deployed by X")."""
    node = verb
    for _ in range(4):
        head = node.head
        if head is node:
            return []
        if node.dep_ == "relcl":
            return [head]
        if node.dep_ == "acl":
            return [] if passive or node.tag_ == "VBN" else _owner(head)
        if node.dep_ not in _SHARES_SUBJECT and node.dep_ != "acomp":  # "is ready to contribute"
            return []
        if node.dep_ == "xcomp" and (objects := _objects(head, ("dobj",))):
            return objects  # object control: "urged Iran to release" — Iran is the one to act
        subjects = _objects(head, ("nsubj",)) if not _passive(head) else [
            g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if subjects:
            return subjects
        node = head
    return []


def _owner(noun: Token) -> list[Token]:
    """Who a noun with an infinitive belongs to: its possessor ("Iran's refusal to"), through a possessive
    pronoun or for a document the subject of the verb that takes it ("X voiced his eagerness to", "the
    Senate considers a resolution demanding"), else the noun itself."""
    owners = _objects(noun, ("poss",))
    if not owners and noun.lemma_.lower() not in _DOCUMENTS:
        return [noun]
    if owners and owners[0].pos_ != "PRON":
        return owners
    verb = _governing_verb(noun)
    subjects = _objects(verb, ("nsubj",)) if verb is not None else []
    return subjects or [noun]


def _noun_slots(noun: Token) -> tuple[list[Token], list[Token]]:
    """A noun trigger's actors (possessor, by/from phrase, the subject of the verb that takes it) and
    recipients (its target phrases, or the subject of a verb of undergoing)."""
    phrase = noun.head if noun.dep_ == "compound" and noun.head.pos_ == "NOUN" else noun  # "assistance package"
    actors = [p for p in _objects(phrase, ("poss",)) if p.pos_ != "PRON"]  # "their attacks": the verb's subject
    actors += [g for p, g in _prep_objects(phrase, ("by", "from")) if not actors]
    actors += [] if actors else [c for c in phrase.children if c.dep_ in ("compound", "amod", "nmod")
                                 and c.i < noun.i and _named_token(c)]  # "a Taliban attack", "U.S. sanctions"
    actors += [] if actors else [g for c in phrase.children if c.dep_ == "acl" for a in c.children
                                 if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]  # "threats made by X"
    targets = _prep_objects(phrase, _NOUN_TARGET_PREPS)
    if phrase.dep_ == "pobj" and phrase.head.lower_ == "of" and phrase.head.head.pos_ == "NOUN":
        # the noun it is "of" carries the target ("a suspension of aid to Egypt")
        targets += [(p, g) for p, g in _prep_objects(phrase.head.head, _NOUN_TARGET_PREPS) if p != "of"]
    recipients = [g for p, g in targets if p not in _WEAK_PREPS]
    weak = [g for p, g in targets if p in _WEAK_PREPS]  # "talks in Bishkek with X": X, unless nobody else
    recipients += [] if recipients else [g for c in phrase.children if c.dep_ in ("acl", "ccomp")
                                         for g in _objects(c, ("nsubj",))]  # "its demand that the US ease"
    if noun.lemma_.lower() in _MOVING:  # "the deployment of 230 troops to Liberia"
        recipients = _destinations(phrase, [g for p, g in _prep_objects(phrase, ("of",))]) or [
            r for r in recipients if r.dep_ != "pobj" or r.head.lower_ != "of"]
    verb = _governing_verb(phrase)
    if verb is not None:
        if verb.pos_ in ("VERB", "AUX"):
            subjects, objects = _verb_slots(verb)
            if verb.lemma_.lower() in _UNDERGO:
                recipients = subjects + recipients
            elif not actors:
                actors = subjects
                recipients += [o for o in objects if o.i != noun.i and o.dep_ == "dative"]
                if not recipients:  # "filed charges against X", "expressed concern to X"
                    recipients = [g for g in _targets(verb, True) if g.i != noun.i]
    recipients = recipients or weak
    if noun.dep_ == "nsubj" and not actors:
        between = [g for p, g in _prep_objects(noun, ("between",))]
        actors, recipients = between[:1], [r for r in recipients if r not in between[:1]]
    return actors, recipients


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun phrase is an argument of, through "of"-chains of nouns ("took part in talks",
    "remains the largest donor of assistance")."""
    node = noun
    for _ in range(4):
        if node.dep_ not in ("dobj", "attr", "pobj", "nsubjpass", "conj", "oprd") or node.head is node:
            return None
        head = node.head
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.dep_ == "prep":
            head = head.head
            if head.pos_ in ("VERB", "AUX"):
                return head
        node = head
    return None


def governing_verbs(trigger: Token, limit: int = 4) -> Iterator[Token]:
    """The verbs above ``trigger`` in its sentence, nearest first ("sent ... to investigate": sent), up to
    ``limit`` links and never past a verb of saying (what is said is another act than the saying)."""
    node = trigger
    for _ in range(limit):
        head = node.head
        if head is node or head.lemma_.lower() in REPORTING_VERBS:
            return
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() != "be":
            yield head
        node = head


#: Links that open a clause subordinate to the one above it: adverbial, relative and participle clauses, a
#: clause after a preposition ("after accusing"), a clausal subject, and a complement not reported speech.
_SUBORDINATE = frozenset({"advcl", "relcl", "acl", "pcomp", "csubj", "csubjpass", "ccomp", "parataxis"})


def clause_depth(token: Token) -> int:
    """How many subordinate clauses down from its sentence's main clause a word sits: 0 in the main
    clause, in what a verb of saying reports ("officials said X attacked"), in a coordinated main
    clause or in an infinitive the main verb takes ("decided to attack")."""
    depth, node = 0, token
    while node.head.i != node.i:
        reported = node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in REPORTING_VERBS
        depth += node.dep_ in _SUBORDINATE and not reported
        node = node.head
    return depth


#: Modals that make a reported clause a demand on its subject ("X said Y must leave").
_OBLIGING = frozenset({"must", "should"})


def demand_slots(verb: Token) -> RoleSlots | None:
    """A demand reported as what someone must do ("Kenya said Uganda must withdraw", "... must be ready
    to talk"): the speaker asks, the one who must do it is asked; None for any other clause."""
    clause = verb
    while clause.dep_ in ("xcomp", "acomp", "conj") and clause.head is not clause:
        clause = clause.head
    if not any(c.dep_ == "aux" and c.lower_ in _OBLIGING for c in clause.children):
        return None
    speakers, subjects = _speakers(clause), _objects(clause, ("nsubj", "nsubjpass"))
    if not speakers or not subjects:
        return None
    return RoleSlots(_ordered(speakers), _ordered(subjects))


def _speakers(trigger: Token) -> list[Token]:
    """The subject of a verb of saying whose reported clause holds the trigger."""
    node = trigger
    for _ in range(5):
        head = node.head
        if head is node:
            return []
        if node.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in REPORTING_VERBS:
            return _objects(head, ("nsubj",))
        node = head
    return []


def noun_phrase(head: Token) -> Span:
    """The noun phrase a head token stands for: its subtree without the clauses that hang from it, and
    without leading or trailing punctuation ("the Syrian government", "A spokesman for X")."""
    words = [head]
    stack = [c for c in head.children if c.dep_ not in _CLAUSE_DEPS and c.dep_ != "conj"]
    while stack:
        token = stack.pop()
        words.append(token)
        stack += [c for c in token.children if c.dep_ not in ("relcl", "acl", "advcl", "ccomp", "parataxis")]
    start, end = min(t.i for t in words), max(t.i for t in words) + 1
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    return doc[start:end]


def phrase_heads(head: Token) -> Iterator[tuple[int, Token]]:
    """The words inside a noun phrase that could name who it is, nearest the head first, with their depth:
    the head, then its possessor, compounds, modifiers, appositions and "of"/"for" objects."""
    frontier = [(0, head)]
    while frontier:
        depth, token = frontier.pop(0)
        yield depth, token
        if depth >= 3:
            continue
        for child in token.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod", "appos", "npadvmod", "nummod"):
                frontier.append((depth + 1, child))
            elif child.dep_ == "prep" and child.lower_ in _PHRASE_PREPS:
                frontier += [(depth + 1, g) for g in child.children if g.dep_ == "pobj"]
            elif child.dep_ == "acl":  # "the missiles fired by the Israeli military"
                frontier += [(depth + 1, g) for a in child.children if a.dep_ == "agent"
                             for g in a.children if g.dep_ == "pobj"]
