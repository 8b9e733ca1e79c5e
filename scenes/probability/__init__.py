"""Probability: averages of repeated experiments and the law of large numbers."""
