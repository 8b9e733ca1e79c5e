"""One family of exceptions, each carrying the exit code the CLI gives it. No imports.

``InputError`` (exit 2): bad user input, found before anything is written.
``RenderFailed`` (exit 1): valid input whose work failed (a LaTeX error, a
crashed worker). Both print as one line; ``--verbose`` adds a traceback.
"""

from __future__ import annotations


class MathvizError(Exception):
    """Base of every error mathviz reports to a user: one line, ``exit_code``."""

    exit_code = 1


class InputError(MathvizError, ValueError):
    """Bad user input: reported in one line, exit code 2, nothing written."""

    exit_code = 2


class RenderFailed(MathvizError, RuntimeError):
    """The input was fine; producing the output failed."""

    exit_code = 1
