"""Optimisation: optimisers racing down a valley, and convex functions."""
