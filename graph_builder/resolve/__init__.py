"""Resolve agency mentions into canonical agencies and groups (see ``resolver``)."""

from .knowledge import Knowledge, load_knowledge
from .resolver import agency_role_counts, resolve_corpus, scope

__all__ = ["Knowledge", "agency_role_counts", "load_knowledge", "resolve_corpus", "scope"]
