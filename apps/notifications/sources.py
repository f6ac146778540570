"""Where reminders and digests come from: every installed app's `reminders.py` and `digest.py`.

The domain apps never import notifications; they offer what is due through these plugin modules, and
a new source joins by being installed. `NOTIFICATION_SOURCE_MODULES` (a list of dotted module paths)
replaces discovery when set: tests use it to feed the engine their own occasions.
"""

from importlib import import_module
from types import ModuleType

from django.conf import settings

from apps.core.plugins import app_modules


def _modules(plugin_name: str, function_name: str) -> list[ModuleType]:
    configured = settings.NOTIFICATION_SOURCE_MODULES
    if configured is None:
        modules = app_modules(plugin_name)
    else:
        modules = [import_module(dotted) for dotted in configured]
    return [module for module in modules if hasattr(module, function_name)]


def reminder_sources() -> list[ModuleType]:
    return _modules("reminders", "occasions_between")


def digest_sources() -> list[ModuleType]:
    return _modules("digest", "digest_items")
