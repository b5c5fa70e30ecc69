"""``python -m starlette_2093_check``: the same as ``entrypoint.py``."""

import sys

from starlette_2093_check.cli import main

sys.exit(main())
