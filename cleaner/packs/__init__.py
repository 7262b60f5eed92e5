"""The rule engine: load and validate packs (``rules/*.toml``, data), match lines against
their patterns, and the catalog of every rule identity, packs and built-in detectors."""
