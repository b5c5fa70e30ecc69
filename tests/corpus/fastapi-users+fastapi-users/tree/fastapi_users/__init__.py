"""Ready-to-use and customizable users management for FastAPI."""

__version__ = "0.4.1"

from fastapi_users.fastapi_users import FastAPIUsers  # noqa: F401
from fastapi_users.models import BaseUser  # noqa: F401
