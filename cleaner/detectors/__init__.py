"""Detectors: pure functions from an article's blocks to marks (which blocks to drop, why)."""
