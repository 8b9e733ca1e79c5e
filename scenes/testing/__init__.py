"""Hidden scenes for the pipeline's tests: renderable by id, never in ``--all`` or ``mathviz list``."""
