"""Optimisation: convexity, and (to come) optimisers, stochastic gradients, regularisation, Lagrange."""
