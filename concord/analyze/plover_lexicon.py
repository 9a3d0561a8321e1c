"""PLOVER knowledge as data: event types, modes, CAMEO codes, scores, trigger words and context cues.

Everything here is read from the ``plover_*.tsv`` lexicon files through :mod:`concord.analyze.lexicon`,
so an analyst can extend the coder without touching code; bad rows fail with ``file:line``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..errors import LexiconError
from .lexicon import load_table

__all__ = [
    "PLOVER_TYPES",
    "ScoreRow",
    "Trigger",
    "cameo_code",
    "context_cues",
    "intensity",
    "is_verbal",
    "quad_class",
    "mode_known",
    "sense_cues",
    "sport_cues",
    "triggers",
]

#: The 16 PLOVER event types, cooperative to conflictual as the manual lists them.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

_POS = ("VERB", "NOUN", "ADJ", "ANY")


@dataclass(frozen=True)
class ScoreRow:
    """The CAMEO root code and conflict–cooperation score of one type (mode ``None``) or type+mode."""

    type: str
    mode: str | None
    score: float
    cameo: str
    quad: str


@dataclass(frozen=True)
class Trigger:
    """One trigger word: lemma (+ a required dependent lemma, + a required word sense) that signals a
    PLOVER type and mode."""

    lemma: str
    pos: str
    with_: str | None
    type: str
    mode: str | None
    weight: float
    source: str
    #: The word sense (``plover_senses.tsv``) the report must show for this row to apply, if any.
    sense: str | None = None


def _type_check(value: str) -> str | None:
    return None if value in PLOVER_TYPES else f"unknown PLOVER type {value!r}"


def _float_check(low: float, high: float):  # type: ignore[no-untyped-def]
    def check(value: str) -> str | None:
        try:
            number = float(value)
        except ValueError:
            return f"not a number: {value!r}"
        return None if low <= number <= high else f"{number} outside [{low}, {high}]"

    return check


def _cameo_check(value: str) -> str | None:
    return None if len(value) == 2 and value.isdigit() and 1 <= int(value) <= 20 else "not a CAMEO root 01..20"


def _pos_check(value: str) -> str | None:
    return None if value in _POS else f"pos must be one of {', '.join(_POS)}"


@functools.cache
def _scores() -> dict[tuple[str, str | None], ScoreRow]:
    rows = load_table(
        "plover_scores.tsv",
        ("type", "score", "cameo", "quad"),
        {"type": _type_check, "score": _float_check(-10, 10), "cameo": _cameo_check},
    )
    table: dict[tuple[str, str | None], ScoreRow] = {}
    for row in rows:
        key = (row["type"], row["mode"] or None)
        table[key] = ScoreRow(row["type"], key[1], float(row["score"]), row["cameo"], row["quad"])
    missing = [t for t in PLOVER_TYPES if (t, None) not in table]
    if missing:
        raise LexiconError("plover_scores.tsv", 0, f"no default row for {', '.join(missing)}")
    return table


def mode_known(event_type: str, mode: str) -> bool:
    """Whether ``mode`` is a mode the manual defines for ``event_type``."""
    return (event_type, mode) in _scores()


def intensity(event_type: str, mode: str | None = None) -> float:
    """The manual's conflict–cooperation score for a type, refined by its mode when the mode has one."""
    table = _scores()
    return (table.get((event_type, mode)) or table[(event_type, None)]).score


def quad_class(event_type: str) -> str:
    """The PLOVER quad class of a type: verbal-cooperation, material-cooperation, verbal-conflict or
    material-conflict."""
    return _scores()[(event_type, None)].quad


def is_verbal(event_type: str) -> bool:
    """Whether a type is a verbal act (said, not done): its actor may be whoever said it."""
    return quad_class(event_type).startswith("verbal")


def cameo_code(event_type: str, mode: str | None = None) -> str:
    """The two-digit CAMEO root code that corresponds to a PLOVER type (and mode)."""
    table = _scores()
    return (table.get((event_type, mode)) or table[(event_type, None)]).cameo


def _row_error(row: dict[str, str], message: str) -> LexiconError:
    name, line = row["_line"].rsplit(":", 1)
    return LexiconError(name, int(line), message)


@functools.cache
def triggers() -> dict[str, tuple[Trigger, ...]]:
    """Trigger rows indexed by lemma; rows that need a dependent come first, then rows that need a sense."""
    rows = load_table(
        "plover_triggers.tsv",
        ("lemma", "pos", "type", "weight"),
        {"type": _type_check, "weight": _float_check(0, 1), "pos": _pos_check},
    )
    index: dict[str, list[Trigger]] = {}
    for row in rows:
        mode = row["mode"] or None
        if mode is not None and not mode_known(row["type"], mode):
            raise _row_error(row, f"mode {mode!r} is not defined for {row['type']}")
        sense = row.get("sense", "").lower() or None
        if sense is not None and sense not in sense_cues():
            raise _row_error(row, f"sense {sense!r} has no cues in plover_senses.tsv")
        trig = Trigger(row["lemma"].lower(), row["pos"], row["with"].lower() or None, row["type"],
                       mode, float(row["weight"]), row["_line"], sense)
        index.setdefault(trig.lemma, []).append(trig)
    return {k: tuple(sorted(v, key=lambda t: (t.with_ is None, t.sense is None))) for k, v in index.items()}


@functools.cache
def sense_cues() -> dict[str, frozenset[str]]:
    """Word senses (armed, labour …) mapped to the cue lemmas or two-lemma phrases that show them."""
    rows = load_table("plover_senses.tsv", ("sense", "cue"))
    senses: dict[str, set[str]] = {}
    for row in rows:
        senses.setdefault(row["sense"].lower(), set()).add(row["cue"].lower())
    return {sense: frozenset(cues) for sense, cues in senses.items()}


@functools.cache
def hazard_cues() -> frozenset[str]:
    """Natural hazards (earthquake, flood …, one or two lemmas): a violent act they do is no political event."""
    return frozenset(row["lemma"].lower() for row in load_table("plover_hazards.tsv", ("lemma",)))


@functools.cache
def context_cues() -> dict[str, str]:
    """Context cue lemmas (or two-lemma phrases) mapped to a PLOVER context name."""
    rows = load_table("plover_contexts.tsv", ("lemma", "context"))
    return {row["lemma"].lower(): row["context"] for row in rows}


_SPORT_ROLES = ("contest", "cue")


def _role_check(value: str) -> str | None:
    return None if value in _SPORT_ROLES else f"role must be one of {', '.join(_SPORT_ROLES)}"


@functools.cache
def sport_cues() -> tuple[frozenset[str], frozenset[str]]:
    """Contest verbs (beat, defeat) and the sports cue lemmas (final, wicket) that make them game results."""
    rows = load_table("plover_sport_cues.tsv", ("lemma", "role"), {"role": _role_check})
    by_role = {role: frozenset(r["lemma"].lower() for r in rows if r["role"] == role) for role in _SPORT_ROLES}
    return by_role["contest"], by_role["cue"]
