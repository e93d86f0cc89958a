"""Resolve agency mentions into canonical agencies and groups: ``resolve(extractions) -> Corpus``
(see ``resolver``)."""

from .knowledge import Knowledge, load_knowledge
from .resolver import resolve, scope

__all__ = ["Knowledge", "load_knowledge", "resolve", "scope"]
