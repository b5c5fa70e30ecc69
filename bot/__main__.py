"""``python -m bot``: the same as ``entrypoint.py``."""

import sys

from bot.cli import main

sys.exit(main())
