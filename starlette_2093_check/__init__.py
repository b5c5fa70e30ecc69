"""Execution-verified check for Kludex/starlette#2093 in Python dependency manifests."""

# The one name of the project (distribution, console script, action, reports) and its one version:
# pyproject.toml reads ``__version__`` from here, and the release workflow refuses a tag that differs.
NAME = "starlette-2093-check"
__version__ = "0.1.0"
