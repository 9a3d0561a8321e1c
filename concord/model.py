"""The plain data that flows between concord's stages.

Every record is a dataclass of JSON-friendly values (str, int, float, bool, date, lists,
dicts and other records) so that it pickles for process pools and round-trips through JSON
with :func:`to_dict` / :func:`from_dict` for the store, the CLI and the REST API.
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import hashlib
import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = [
    "Actor",
    "Analysis",
    "Article",
    "Citation",
    "ClaimParts",
    "Conflict",
    "ConflictValue",
    "Dateline",
    "Event",
    "EventMention",
    "Fact",
    "Quantity",
    "Sentence",
    "TimeExpression",
    "article_id",
    "event_summary",
    "ordinal",
    "from_dict",
    "to_dict",
]

T = TypeVar("T")

#: How an article's reference date was found, from most to least trustworthy.
DATE_METHODS = ("metadata", "dateline", "weekday", "ingest")


@dataclass(frozen=True)
class Citation:
    """Where a value came from: a character span of one sentence of one article, and who said so."""

    article_id: str
    sentence: int
    start: int
    end: int
    producer: str
    text: str = ""


@dataclass
class Sentence:
    """One sentence of an article's clean text, as a character span into it."""

    index: int
    start: int
    end: int
    text: str


@dataclass
class Dateline:
    """The place, date and agency a report opens with ("New Delhi [India], February 6 (ANI):")."""

    raw: str
    place: str | None = None
    country: str | None = None
    date: dt.date | None = None
    agency: str | None = None
    #: True when the dateline gave no year and it was inferred.
    year_inferred: bool = False


@dataclass
class Article:
    """One clean, dated report, stored once under an id derived from its normalised text."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    dateline: Dateline | None = None
    language: str = "en"
    language_flagged: bool = False
    date: dt.date | None = None
    date_method: str = "ingest"
    ingested_at: dt.datetime | None = None
    origin: str | None = None
    duplicate_of: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Actor:
    """A who: a person, organisation, state or group, resolved to a country and sectors, with its
    canonical id (the same for every name variant; a knowledge-base id, an ISO3 code for a state, a
    CAMEO code for a generic body, ``x:`` + name for an actor the knowledge base lacks) and its CAMEO
    actor code (``USAGOVMIL``, ``IGOUNO``)."""

    name: str
    kind: str = "organisation"
    country: str | None = None
    sector: list[str] = field(default_factory=list)
    role: str | None = None
    citations: list[Citation] = field(default_factory=list)
    id: str | None = None
    code: str | None = None


@dataclass
class TimeExpression:
    """A date expression resolved against the article's reference date."""

    text: str
    value: str
    precision: str
    citation: Citation
    end_value: str | None = None


@dataclass
class EventMention:
    """One PLOVER event as one sentence reports it."""

    type: str
    citation: Citation
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    trigger: Citation | None = None
    date: str | None = None
    date_precision: str | None = None
    location: str | None = None
    negated: bool = False
    auxiliary: str | None = None
    confidence: float = 0.0
    explanation: str = ""
    cameo: str | None = None
    intensity: float | None = None
    #: True when the sides act together ("X and Y agreed", "the two ministers met"): who is named
    #: first is no role, so reports that name them in another order do not disagree.
    reciprocal: bool = False


@dataclass
class Fact:
    """A standing fact that reports repeat: an agreement, designation, dialogue, framework or plan."""

    kind: str
    name: str
    citation: Citation
    acronym: str | None = None
    parties: list[str] = field(default_factory=list)
    date: str | None = None
    round: int | None = None
    place: str | None = None
    #: "concluded", or "proposed" / "negotiating" for a fact only planned or under negotiation.
    status: str = "concluded"
    #: The canonical fact key (a known treaty's id, else one made from the name): one fact, many names.
    key: str | None = None


@dataclass
class Quantity:
    """A figure a claim states, read as the range it allows ("at least 241 people": 241 to no bound).

    ``form`` is the figure as compared and shown ("24", "5th", "18000"); ``low``/``high`` bound the
    value in ``unit`` (None: unbounded); ``hedge`` is the word that bounds or softens it ("at least",
    "about"); ``counted`` is the lemma of what it counts ("robbery", "people"); ``measure`` is what
    the figure counts when the words around it name it ("deaths", "robberies"; see the analysis
    lexicon ``measures.tsv``): figures of one measure are compared across differently worded claims.
    """

    form: str
    value: float
    start: int
    end: int
    low: float | None = None
    high: float | None = None
    hedge: str | None = None
    unit: str | None = None
    counted: str | None = None
    ordinal: bool = False
    measure: str | None = None


@dataclass
class ClaimParts:
    """One claim of an article (a sentence, or a clause of one) and the parts comparing reports needs.

    Made at analysis time so comparison reads them instead of parsing again: content lemmas, name
    keys, figures, dates (``value`` or ``value/end``), the sentence's event types, negated verbs,
    the speaker a statement is attributed to, and a unit sentence embedding (int8, base64; empty until the
    article is first compared, see :func:`concord.analyze.claims.embed_claims`).
    """

    sentence: int
    start: int
    end: int
    terms: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)
    negations: int = 0
    #: A present-tense statement outside quotes (how history and standing facts are written).
    stative: bool = False
    speaker: str | None = None
    quoted: bool = False
    vector: str = ""


@dataclass
class Analysis:
    """Everything the pure analysis stage extracted from one article."""

    article_id: str
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    producer: str = ""
    #: The article's claims for comparing reports; None in analyses made before claims were stored.
    claims: list[ClaimParts] | None = None


@dataclass
class ConflictValue:
    """One of the disagreeing values, with the citations that back it."""

    value: Any
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Conflict:
    """Reports of one event disagree on a field."""

    field: str
    values: list[ConflictValue] = field(default_factory=list)


@dataclass
class Event:
    """One real-world event merged from all the reports of it (PLOVER record plus provenance)."""

    id: str
    date: str | None
    event: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    event_loc: str | None = None
    event_text: str = ""
    cameo: str | None = None
    intensity: float | None = None
    n_articles: int = 0
    n_sources: int = 0
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    citations: dict[str, list[Citation]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    #: The other events of the same story: a primary event lists its secondary events (what its
    #: reports also say happened), a secondary event its primary (see concord.link.secondary).
    related: list[str] = field(default_factory=list)
    #: For a secondary event, the id of its story's primary event; None for a primary.
    story: str | None = None


def event_summary(event: Event) -> dict[str, Any]:
    """The list view of an event: its PLOVER fields and counts without per-report provenance
    (sources, citations, conflicting values), so a page of fifty stays small; the full record
    is one lookup away."""
    def who(actors: list[Actor]) -> list[dict[str, Any]]:
        return [{"id": a.id, "name": a.name, "code": a.code, "kind": a.kind, "country": a.country,
                 "sector": list(a.sector), "role": a.role} for a in actors]

    return {
        "id": event.id,
        "date": event.date,
        "event": event.event,
        "mode": event.mode,
        "context": list(event.context),
        "actor": who(event.actor),
        "recipient": who(event.recipient),
        "event_loc": event.event_loc,
        "event_text": event.event_text,
        "cameo": event.cameo,
        "intensity": event.intensity,
        "n_articles": event.n_articles,
        "n_sources": event.n_sources,
        "first_seen": to_dict(event.first_seen),
        "last_seen": to_dict(event.last_seen),
        "conflicting_fields": [c.field for c in event.conflicts],
        "story": event.story,
    }


_WS = re.compile(r"\s+")


def article_id(text: str) -> str:
    """Derive a stable article id from normalised text, so re-ingesting a report is a no-op.

    Case, Unicode form and white space do not change the id; any change of words does.
    """
    norm = _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def ordinal(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 5 -> "5th": how figures and rounds are written in every output."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: Values :func:`to_dict` returns as they are, checked first (most values of a record are these).
_PLAIN = (str, int, float, type(None))


def to_dict(obj: Any) -> Any:
    """Turn a record (or a list/dict of records) into JSON-ready data; dates become ISO strings."""
    if isinstance(obj, _PLAIN):
        return obj
    if not isinstance(obj, type) and dataclasses.is_dataclass(obj):
        return {name: to_dict(getattr(obj, name)) for name in _field_names(type(obj))}
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A record type's field names, read once per type."""
    return tuple(f.name for f in dataclasses.fields(cls))


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from :func:`to_dict` output (the inverse round-trip)."""
    return typing.cast(T, _converter(cls)(data))


def _identity(value: Any) -> Any:
    return value


@functools.cache
def _converter(tp: Any) -> typing.Callable[[Any], Any]:
    """A function turning JSON data into a value of type ``tp``, built once per type (speed:
    type hints are resolved here, not per value). ``None`` stays ``None`` at every level."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _converter(args[0]) if len(args) == 1 else _identity
    if origin is list:
        (item,) = typing.get_args(tp) or (Any,)
        each = _converter(item)
        return lambda v: None if v is None else [each(x) for x in v]
    if origin is dict:
        _, item = typing.get_args(tp) or (Any, Any)
        each = _converter(item)
        return lambda v: None if v is None else {k: each(x) for k, x in v.items()}
    if tp is dt.datetime:
        return lambda v: v if v is None or isinstance(v, dt.datetime) else dt.datetime.fromisoformat(v)
    if tp is dt.date:
        return lambda v: v if v is None or isinstance(v, dt.date) else dt.date.fromisoformat(v)
    if dataclasses.is_dataclass(tp):
        return _record_converter(tp)
    return _identity


def _record_converter(tp: type) -> typing.Callable[[Any], Any]:
    """The converter of a dataclass; its fields' converters are looked up on first use, so a
    record type may refer to itself."""
    known: set[str] = set()
    convert_fields: dict[str, typing.Callable[[Any], Any]] = {}  # the fields that are not plain JSON

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if not known:
            hints = typing.get_type_hints(tp)
            known.update(f.name for f in dataclasses.fields(tp))
            convert_fields.update({k: c for k in known if (c := _converter(hints[k])) is not _identity})
        given = {k: v for k, v in value.items() if k in known}
        for name, field_converter in convert_fields.items():
            if name in given:
                given[name] = field_converter(given[name])
        return tp(**given)

    return convert
