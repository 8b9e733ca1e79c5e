"""The pipeline: one render as data, workers, the cache, batches, stills, lectures and slides.

Nothing here is imported by scenes; scenes import :mod:`mathviz.kit`.
"""
