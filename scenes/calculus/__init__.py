"""Calculus: derivatives as limits of secants, integrals as signed area."""
