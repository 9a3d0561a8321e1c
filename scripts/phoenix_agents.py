"""The agents dictionary (``POLICE_ [~COP]``: generic nouns and their sectors) turned into the
generated ``lookup`` rows of ``agents.tsv``, for ``scripts/build_kb.py``.

Each noun gives a singular and a plural row (the dictionary's ``{PLURAL}``, else the regular
English plural); ``!PERSON!``-style macros expand to their forms. Nouns our curated rows list are
left out, so our rows keep their behaviour.
"""

from __future__ import annotations

import re
from phoenix_actors import Context
from phoenix_dict import parse_agent_line

from concord.kb.codes import split_code

__all__ = ["agent_rows", "plural"]

_MACRO = re.compile(r"^(?P<name>![A-Z]+!)\s*=\s*(?P<forms>.+)$")

#: Head words of equipment the dictionary lists among military agents ("attack helicopters"): a
#: machine is not an actor, and its owner is named elsewhere in the sentence.
EQUIPMENT = frozenset({
    "aircraft", "airplane", "artillery", "carrier", "destroyer", "drone", "frigate", "gunboat",
    "gunship", "helicopter", "howitzer", "jet", "jumbojet", "missile", "plane", "rocket", "submarine",
    "tank", "warplane", "warship",
})


def plural(noun: str) -> str:
    """The regular English plural of a noun phrase (its head before "of", else its last word)."""
    words = noun.split(" ")
    at = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    word = words[at]
    if word.endswith("man"):
        word = word[:-3] + "men"
    elif re.search(r"(s|x|z|ch|sh)$", word):
        word += "es"
    elif re.search(r"[^aeiou]y$", word):
        word = word[:-1] + "ies"
    else:
        word += "s"
    return " ".join([*words[:at], word, *words[at + 1:]])


def _macros(text: str) -> dict[str, list[str]]:
    found = {}
    for line in text.splitlines():
        m = _MACRO.match(line.strip())
        if m:
            found[m["name"]] = [f.strip() for f in m["forms"].split(",") if f.strip()]
    return found


def _phrase(raw: str) -> str:
    return " ".join(raw.replace("_", " ").lower().split())


def _curated_rows(curated: str) -> dict[str, list[str]]:
    """Our rows by noun: ``{noun: [noun, name, sectors, country, match]}``."""
    rows = [line.split("\t") for line in curated.splitlines() if line.strip() and not line.startswith("#")]
    return {row[0].strip().lower(): row for row in rows[1:]}


def agent_rows(text: str, curated: str, ctx: Context) -> list[str]:
    """The generated rows (``noun name sectors country lookup``, one per form, in dictionary order)
    of the dictionary ``text``. A noun of our ``curated`` rows is left out, and the entry's other
    forms take that row's name, sectors and country ("farmer" follows our "farmers")."""
    ours = _curated_rows(curated)
    taken = set(ours)
    macros = _macros(text)
    rows = []
    for line in text.splitlines():
        for raw, given_plural, code in parse_agent_line(line, macros):
            sectors = split_code(code.replace("~", ""), (), ctx.sectors)[1] if code.strip("~").isalpha() else ()
            singular = _phrase(raw)
            if not sectors or not singular:
                ctx.report["agents without a known sector left out"] += 1
                continue
            if {head := singular.split(" ")[-1], head.removesuffix("s")} & EQUIPMENT:
                ctx.report["equipment left out"] += 1
                continue
            extra = [given_plural] if given_plural else [] if given_plural == "" else [plural(singular)]
            forms = [singular, *map(_phrase, extra)]
            values = [singular.title(), ",".join(sectors), "~" if "~" in code else ""]
            model = next((ours[f] for f in forms if f in ours), None)
            values = model[1:4] if model else values
            for noun in forms:
                if noun and noun not in taken:
                    taken.add(noun)
                    rows.append("\t".join([noun, *values, "lookup"]))
    ctx.report["agent rows from the dictionary"] = len(rows)
    return rows
