"""The site index alone: count blocks per site, look them up, save and load; fingerprints."""

from .index import DEFAULT_MIN_PAGES, CorpusIndex, InBody, RepeatedPagesWarning

__all__ = ["DEFAULT_MIN_PAGES", "CorpusIndex", "InBody", "RepeatedPagesWarning"]
