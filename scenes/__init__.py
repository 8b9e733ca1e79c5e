"""mathviz scenes, one package per roadmap chapter.

Each chapter has a manim-free ``specs.py`` (ids, titles, parameters) and one
module per scene.
"""
