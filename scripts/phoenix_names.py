"""Turning dictionary names (``HILLARY_RODHAM_CLINTON_``) into readable names, aliases, kinds and ids.

Used by ``scripts/build_kb.py`` only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

from wordfreq import zipf_frequency

from concord.kb.names import slug, strip_accents

__all__ = [
    "ORG_WORDS", "TITLE_WORDS", "acronym_of", "clean_alias", "initials", "is_office", "is_org_name", "readable",
    "slug", "unique_ids", "words_of",
]

#: Words that make a name an institution or group rather than a person.
ORG_WORDS = frozenset("""
ministry ministries department dept office agency bureau service services council committee commission
assembly parliament congress senate house court courts tribunal bank fund army armies navy forces force
police guard guards brigade brigades battalion regiment militia militias front movement party parties union
unions league alliance coalition organization organisation organizations association federation confederation
society foundation institute university college school academy church group groups network company corp
corporation inc ltd limited airlines airways news times post press broadcasting radio television tv
government administration cabinet secretariat mission delegation program programme project initiative centre
center panel board authority authorities rifles command nations states community conference forum club trust
bloc watch international relief aid cross crescent doctors sabha knesset duma majlis bundestag junta regime
opposition rebels insurgents militants fighters brotherhood jihad jamaat mujahideen cell cells nuclei
nucleus faction factions organizations commandos squad squads battalions division corps unit units directorate
command ministry's peacekeepers peacekeeping contingent monitors observers bodies envoy envoys industries
industry exchange market markets kingdom republic emirate caliphate state territory province region city
authority's legislature judiciary prosecutor prosecutors embassy consulate police's
""".split())
#: Office titles: a name made only of these, filler words and country words is a generic office.
TITLE_WORDS = frozenset("""
president vice prime minister secretary general chancellor premier king queen prince emir sheikh
speaker chairman chair governor mayor ambassador envoy spokesman spokeswoman leader chief head deputy
senator representative commander admiral mr mr. mrs mrs. ms dr dr. lady first
""".split())
_FILLER_WORDS = frozenset("of the un u.n. us u.s. american united states nations former acting foreign defense "
                          "defence interior finance state high".split())
#: Lower-case joining words inside names.
_PARTICLES = frozenset({"of", "the", "and", "for", "in", "on", "to", "at", "by", "de", "del", "della", "des",
                        "du", "da", "di", "dos", "la", "le", "van", "von", "der", "den", "y", "et", "bin", "ibn"})
_ARABIC_ARTICLES = ("al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ul")
_ROMAN = re.compile(r"(?i)(?:i{1,3}|iv|vi{0,3}|ix|x)")
#: Acronyms written in upper case wherever they occur (ours: facts, not taken from any text).
KNOWN_ACRONYMS = frozenset("""
UN EU US UK USA USSR NATO FBI CIA NSA DEA ATF ICE DHS EPA NASA ANC PKK PYD YPG SDF ETA IRA PLO PLA OPEC
UNICEF UNESCO UNHCR UNDP UNRWA UNFPA UNEP IAEA WHO WTO IMF ASEAN SAARC ECOWAS OSCE OAS AU GCC OIC ICC ICJ
ILO FAO WFP MSF ICRC BBC CNN NBC CBS CIS SCO BRICS APEC OECD NGO IGO AFP AP ISIS ISIL FARC ELN LTTE MILF
MNLF NPA BJP PPP PML AQAP AQIM IDF IRGC KGB FSB GRU MI5 MI6 RAF UNSC NAFTA EFTA ECB IDB ADB AFDB
WB UNIFIL UNAMA MONUC MONUSCO UNMISS UNAMID AMISOM ISAF KFOR SFOR DPRK ROK PRC UAE DRC
""".split())


def words_of(raw: str) -> list[str]:
    """The words of a dictionary name: underscores and spaces split, edge punctuation kept."""
    return [w for w in re.split(r"[_\s]+", raw.strip().strip("_")) if w]


def _acronym_like(word: str, is_org: bool) -> bool:
    bare = word.strip("()").replace(".", "")
    if word.upper() in KNOWN_ACRONYMS or bare.upper() in KNOWN_ACRONYMS:
        return True
    if any(ch.isdigit() for ch in bare) or (word.count(".") >= 2 and len(bare) <= 4):
        return True
    vowels = sum(ch in "AEIOUYaeiouy" for ch in bare)
    short = len(bare) <= 3 and vowels <= 1 or len(bare) <= 5 and vowels == 0
    return is_org and len(bare) >= 2 and bare.isalpha() and short and zipf_frequency(bare.lower(), "en") < 3.0


def _cap_part(part: str, first: bool) -> str:
    low = part.lower()
    if not first and low in _PARTICLES:
        return low
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2:].capitalize()
    if "'" in low:
        head, _, tail = low.partition("'")
        return head.capitalize() + "'" + (tail.capitalize() if len(head) == 1 else tail)
    return low.capitalize()


def _cap_word(word: str, first: bool, is_org: bool) -> str:
    if _acronym_like(word, is_org):
        return word.upper()
    if _ROMAN.fullmatch(word) and not first and len(word) > 1:
        return word.upper()
    parts = word.split("-")
    out = []
    for i, part in enumerate(parts):
        if i == 0 and len(parts) > 1 and part.lower() in _ARABIC_ARTICLES and not first:
            out.append(part.lower())
        else:
            out.append(_cap_part(part, first and i == 0))
    return "-".join(out)


def readable(raw: str, is_org: bool = False) -> str:
    """A dictionary name in readable case: "HILLARY_RODHAM_CLINTON_" -> "Hillary Rodham Clinton",
    "UNITED_STATES_SUPREME_COURT" -> "United States Supreme Court", "NATO_" -> "NATO" (a leading
    "the" dropped)."""
    words = words_of(raw)
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    return " ".join(_cap_word(w, i == 0, is_org) for i, w in enumerate(words))


def acronym_of(raw: str) -> tuple[str, str | None]:
    """A name and the acronym in brackets after it: "X_Y_(XY)_" -> ("X_Y", "XY"); a word in brackets
    is dropped ("DIRECT_ACTION_(GREECE)_" -> ("DIRECT_ACTION", None))."""
    m = re.fullmatch(r"(?P<name>.*?)[_\s]*\((?P<inner>[^()]*)\)[_\s]*", raw)
    if m is None:
        return raw, None
    inner = m["inner"].replace("_", " ").strip()
    bare = inner.replace(".", "").replace("-", "").replace("/", "")
    acronym = bare.isalpha() and " " not in inner and (
        bare.upper() == initials(m["name"]) or bare.upper() in KNOWN_ACRONYMS or
        (len(bare) <= 6 and zipf_frequency(bare.lower(), "en") < 3.0))
    return m["name"], inner.upper() if acronym else None


def initials(raw: str) -> str:
    """The capital initials of a name's words, joining words left out ("THE_UNITED_NATIONS_" -> "UN")."""
    words = [w for w in re.split(r"[_\s\-]+", raw.strip("_ ")) if w]
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    return "".join(w[0] for w in words if w.lower() not in _PARTICLES and w[0].isalpha()).upper()


def is_org_name(raw: str) -> bool:
    """True when a word of the name marks an institution or a group."""
    return any(w.lower().strip("()'.,") in ORG_WORDS for w in words_of(raw))


def is_office(raw: str, country_words: Collection[str]) -> bool:
    """True when a name is only office titles and country words ("US_VICE_PRESIDENT")."""
    words = [w.lower().strip(".,") for w in re.split(r"[_\s\-]+", raw) if w]
    return any(w in TITLE_WORDS for w in words) and all(
        w in TITLE_WORDS or w in _FILLER_WORDS or w in country_words for w in words)


def clean_alias(alias: str) -> str | None:
    """The alias, or None when it is junk: under two letters, no letter, an unreadable byte, or one very common word."""
    letters = sum(ch.isalpha() for ch in alias)
    if letters < 2 or "\ufffd" in alias or not re.search(r"[A-Za-z]", unicodedata.normalize("NFKD", alias)):
        return None
    if " " not in alias and len(alias) <= 3 and not alias.isupper():
        return None
    if " " not in alias and not alias.isupper() and zipf_frequency(alias.lower(), "en") >= 5.5:
        return None
    return alias


def unique_ids(wanted: Iterable[tuple[str, str | None]]) -> list[str]:
    """Ids for ``(name, country)`` pairs in order: the slug, on a collision the slug and the country,
    then a numbered one; deterministic for a given order."""
    taken: set[str] = set()
    out = []
    for name, country in wanted:
        base = slug(name) or "actor"
        candidates = [base, f"{base}-{country.lower()}" if country else f"{base}-intl"]
        ident = next((c for c in candidates if c not in taken), None)
        number = 2
        while ident is None:
            ident = f"{candidates[-1]}-{number}" if f"{candidates[-1]}-{number}" not in taken else None
            number += 1
        taken.add(ident)
        out.append(ident)
    return out
