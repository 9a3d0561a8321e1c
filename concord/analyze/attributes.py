"""spaCy's attribute ruler, matched faster: the same patterns and the same result, found per token.

The ruler of the English pipelines (tag-to-POS map, word exceptions) runs a Matcher over every token for
its ~180 patterns, about a tenth of the pipeline's time. All of them are one or two tokens long with
plain tests, so each token's candidates are looked up by its tag and lower-case form, checked in Python,
and their attributes set in the ruler's order (later patterns win).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["ATTRIBUTES_COMPONENT", "QuickAttributes", "use_quick_attributes"]

ATTRIBUTES_COMPONENT = "concord_attribute_ruler"
#: The token attributes a pattern may test, read once per token.
_ATTRS: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_, "LOWER": lambda t: t.lower_, "DEP": lambda t: t.dep_, "IS_SPACE": lambda t: t.is_space,
}
Test = Callable[[dict[str, Any]], bool]


def _value_test(attr: str, value: Any) -> Test:
    """One attribute test of a pattern token: a plain value, or ``IN`` / ``NOT_IN`` / ``REGEX``."""
    if not isinstance(value, dict):
        return lambda row: row[attr] == value
    (op, arg), = value.items()
    if op == "IN":
        allowed = frozenset(arg)
        return lambda row: row[attr] in allowed
    if op == "NOT_IN":
        barred = frozenset(arg)
        return lambda row: row[attr] not in barred
    if op == "REGEX":
        regex = re.compile(arg)
        return lambda row: regex.search(row[attr]) is not None
    raise ValueError(f"unsupported operator {op}")


@dataclass(frozen=True)
class _Rule:
    """One pattern of the ruler: its attribute set's id and a test per token."""

    attr_id: int
    tests: tuple[tuple[Test, ...], ...]

    def matches(self, rows: list[dict[str, Any]], start: int) -> bool:
        if start + len(self.tests) > len(rows):
            return False
        return all(test(rows[start + k]) for k, tests in enumerate(self.tests) for test in tests)


def _rule(attr_id: int, pattern: list[dict[str, Any]]) -> _Rule:
    """A pattern compiled to tests; ValueError for what this matcher does not do (then the ruler stays)."""
    if any(attr not in _ATTRS for token in pattern for attr in token):
        raise ValueError("unsupported attribute")
    return _Rule(attr_id, tuple(tuple(_value_test(a, v) for a, v in token.items()) for token in pattern))


#: Attributes a pattern's first token is indexed by, most selective first (an exact value or ``IN``).
_KEYS = ("LOWER", "DEP", "TAG", "IS_SPACE")


@dataclass
class _Index:
    """A ruler's patterns by the value their first token needs of one attribute (see :data:`_KEYS`);
    ``always`` holds those with no such value, tried at every token."""

    tables: dict[str, dict[Any, list[_Rule]]]
    always: list[_Rule]

    @classmethod
    def of(cls, ruler: AttributeRuler) -> _Index:
        """Index every pattern of ``ruler``; ValueError when one uses what this matcher does not do."""
        index = cls({key: {} for key in _KEYS}, [])
        for attr_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                index.add(_rule(attr_id, pattern), pattern[0])
        return index

    def add(self, rule: _Rule, first: dict[str, Any]) -> None:
        for key in _KEYS:
            value = first.get(key)
            values = value["IN"] if isinstance(value, dict) and list(value) == ["IN"] else \
                None if value is None or isinstance(value, dict) else [value]
            if values is not None:
                for each in values:
                    self.tables[key].setdefault(each, []).append(rule)
                return
        self.always.append(rule)

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(pattern id, start, end) of every match in ``doc``, sorted: the ruler's order of application."""
        rows = [{attr: get(t) for attr, get in _ATTRS.items()} for t in doc]
        found: set[tuple[int, int, int]] = set()
        for i, row in enumerate(rows):
            for key, table in self.tables.items():
                found.update((r.attr_id, i, i + len(r.tests)) for r in table.get(row[key], ()) if r.matches(rows, i))
            found.update((r.attr_id, i, i + len(r.tests)) for r in self.always if r.matches(rows, i))
        return sorted(found)


class QuickAttributes:
    """Pipeline component: an attribute ruler's matches found by :class:`_Index`, set by the ruler."""

    def __init__(self) -> None:
        self.ruler: AttributeRuler | None = None
        self.index = _Index({}, [])

    def __call__(self, doc: Doc) -> Doc:
        if self.ruler is not None:
            for attr_id, start, end in self.index.matches(doc):
                at = self.ruler.indices[attr_id]
                position = start + at if at >= 0 else end + at
                if not start <= position < end:
                    raise ValueError(f"attribute ruler pattern {attr_id}: index {at} outside its match")
                set_token_attrs(doc[position], self.ruler.attrs[attr_id])
        return doc


@Language.factory(ATTRIBUTES_COMPONENT)
def _make(nlp: Language, name: str) -> QuickAttributes:  # noqa: ARG001 - spaCy's factory signature
    return QuickAttributes()


def use_quick_attributes(nlp: Language) -> bool:
    """Swap the pipeline's ``attribute_ruler`` for :class:`QuickAttributes` over its patterns (same name);
    False, ruler kept, when there is none or a pattern uses what this matcher does not do."""
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    if not isinstance(ruler, AttributeRuler):
        return False
    try:
        index = _Index.of(ruler)
    except ValueError:
        return False
    quick = nlp.replace_pipe("attribute_ruler", ATTRIBUTES_COMPONENT)
    quick.ruler, quick.index = ruler, index
    return True
