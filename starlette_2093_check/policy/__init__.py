"""The repository's policy: ``.github/starlette-check.yml`` or ``[tool.starlette-check]``.

``model`` holds what a policy says (the one shape both files are read into); ``load`` finds, reads
and validates the file against ``schema.json`` (errors name the file and line); ``rules`` applies
the ``ignore`` entries and the per-pack ``fail-on`` to a report.
"""
