"""Multivariable calculus: gradients, and climbing a surface with gradient ascent."""
