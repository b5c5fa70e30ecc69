#!/usr/bin/env python3
"""Container and local entry point: ``entrypoint.py scan [PATH] ...`` runs the CLI."""

import sys

from starlette_2093_check.cli import main

if __name__ == "__main__":
    sys.exit(main())
