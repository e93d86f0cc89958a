"""Resolve agency mentions into canonical agencies and groups (see ``resolver``)."""

from .knowledge import Knowledge, load_knowledge
from .resolver import resolve_corpus, scope

__all__ = ["Knowledge", "load_knowledge", "resolve_corpus", "scope"]
