"""The actor knowledge base and gazetteer: one home for country, place, organisation and people facts."""

from .base import KnowledgeBase, country_of, knowledge_base
from .codes import split_code
from .months import MONTHS
from .records import Agent, CountryAlias, KbActor, OrgEntry, Place, Role

__all__ = [
    "MONTHS",
    "Agent",
    "CountryAlias",
    "KbActor",
    "KnowledgeBase",
    "OrgEntry",
    "Place",
    "Role",
    "country_of",
    "knowledge_base",
    "split_code",
]
