"""Development: safe defaults that need no services (SQLite, console email, a folder as broker)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
