"""Execution-verified check for Kludex/starlette#2093 in Python dependency manifests."""

__version__ = "0.1.0"
