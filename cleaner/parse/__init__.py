"""Raw input to blocks: decode bytes, read HTML, measure lines, guess the language.

Knows nothing of rules or detection: nothing here imports ``packs``, ``detectors`` or the flow.
"""
