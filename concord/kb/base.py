"""The actor knowledge base: countries, places, organisations and people with aliases, CAMEO codes
and dated roles, from ``kb/data/``. The small tables load with it; the 26,000 actors on first use,
so a dateline lookup does not pay for them."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from ..errors import NotFoundError
from .actor_table import ActorTable
from .curated import load_agents, load_organisations, load_sectors, load_spellings
from .gazetteer import load_gazetteer, load_towns
from .records import Agent, CountryAlias, KbActor, OrgEntry, Place
from .names import place_key
from .tables import DATA_DIR

__all__ = ["KnowledgeBase", "country_of", "knowledge_base"]


class KnowledgeBase:
    """Every lookup over the actor and place tables; get the shared one with :func:`knowledge_base`."""

    def __init__(self, data_dir: Path = DATA_DIR, extra: Sequence[str | Path] = ()) -> None:
        self.data_dir = data_dir
        #: Users' extra actor files (``actors.tsv`` format), merged after ours.
        self.extra = tuple(Path(p) for p in extra)
        self.sectors = load_sectors(data_dir / "sectors.tsv")
        self.sector_codes = frozenset(self.sectors)
        self.spellings = load_spellings(data_dir / "spelling.tsv")
        self.gazetteer = load_gazetteer(data_dir / "places.tsv")
        self._agents, self.text_agents = load_agents(data_dir / "agents.tsv", self.sector_codes)
        #: Curated organisation aliases for the analyser's running-text matcher, in file order.
        self.organisations: list[OrgEntry] = load_organisations(data_dir / "organisations.tsv", self.sector_codes)

    @functools.cached_property
    def actor_table(self) -> ActorTable:
        """The actors: the converted dictionaries, then our people, then the users' files."""
        return ActorTable(self.data_dir / "actors.tsv", (self.data_dir / "people.tsv", *self.extra),
                          self.gazetteer, self.sector_codes, self.spellings)

    @property
    def country_codes(self) -> frozenset[str]:
        """ISO3 codes (and former states' codes) that may open a CAMEO actor code."""
        return self.actor_table.country_codes

    # -- places and countries ----------------------------------------------------------------

    def place(self, name: str) -> Place | None:
        """The place a name denotes ("WASHINGTON", "[US]", "Washington D.C."): case, accents, dots
        and brackets ignored; every type but demonyms."""
        return self.gazetteer.place(name)

    @functools.cached_property
    def towns(self) -> dict[str, str]:
        """Towns and US counties (``towns.tsv``, from GeoNames) by place key -> ISO3, loaded on first use."""
        return load_towns(self.data_dir / "towns.tsv")

    def town(self, name: str) -> str | None:
        """The country of a town or US county ("Deerfield Beach", "Collin County"): for spans already
        known to name a place, as the table holds names that are also words elsewhere."""
        return self.towns.get(place_key(name))

    def country(self, text: str) -> CountryAlias | None:
        """The country an exact running-text alias names (case-sensitive, white space normalised)."""
        return self.gazetteer.countries.get(" ".join(text.split()))

    @property
    def country_aliases(self) -> dict[str, CountryAlias]:
        """Every running-text country alias (name, short, demonym, capital), for compiling matchers."""
        return self.gazetteer.countries

    def country_name(self, iso3: str) -> str | None:
        """The country's preferred name ("USA" -> "United States"), else its best-ranked place name."""
        return self.gazetteer.names.get(iso3) or self.gazetteer.labels.get(iso3)

    def demonym(self, iso3: str) -> str | None:
        """The country's first demonym ("SYR" -> "Syrian"), if listed."""
        return self.gazetteer.demonyms.get(iso3)

    # -- actors ------------------------------------------------------------------------------

    def get(self, actor_id: str) -> KbActor:
        """The actor with this id; raises :class:`NotFoundError`."""
        if actor_id not in self.actor_table.rows:
            raise NotFoundError(f"no actor {actor_id!r} in the knowledge base")
        return self.actor_table.actor(actor_id)

    def actors_named(self, name: str) -> list[KbActor]:
        """Actors whose name or an alias folds to ``name``'s key (case, accents, dots, hyphens,
        spelling variants), best first: the preferred name over an alias, our curated rows over the
        dictionaries', the most recent role first."""
        return self.actor_table.named(name)

    def search(self, query: str, limit: int = 20) -> list[KbActor]:
        """Actors whose name or an alias contains ``query`` (folded), for browsing; empty: the first ones."""
        return self.actor_table.search(query, limit)

    def __len__(self) -> int:
        return len(self.actor_table.rows)

    # -- generic agents ----------------------------------------------------------------------

    def agent(self, noun: str) -> Agent | None:
        """The generic collective actor a common noun names, singular or plural ("police", "farmers")."""
        return self._agents.get(" ".join(noun.lower().split()))


def knowledge_base(extra: Sequence[str | Path] = ()) -> KnowledgeBase:
    """The knowledge base with users' extra actor files (``actors.tsv`` format), loaded once per
    process and set of paths; a bad line raises :class:`concord.errors.LexiconError` naming file and line."""
    return _loaded(tuple(str(p) for p in extra))


@functools.cache
def _loaded(extra: tuple[str, ...]) -> KnowledgeBase:
    kb = KnowledgeBase(DATA_DIR, extra)
    if extra:
        _ = kb.actor_table  # users' files are checked now, not at the first lookup
    return kb


def country_of(name: str) -> str | None:
    """The ISO3 country of a place or country name ("New Delhi", "[US]", "D.C."), if known."""
    found = knowledge_base().place(name)
    return found.iso3 if found else None
