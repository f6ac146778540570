"""Lets lower layers use what each app offers without importing it by name.

An app offers a hook by defining a module with a known name (e.g. `apps.<app>.demo`). The lower layer
asks for every installed app's module of that name, in INSTALLED_APPS order, so dependencies still point
one way: accounts never imports communities, yet the member area shows the member's communities.
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.core.signals import setting_changed
from django.dispatch import receiver


def app_modules(module_name: str) -> list[ModuleType]:
    """Every installed app's `<app>.<module_name>` module that exists, in INSTALLED_APPS order.

    Worked out once per process and module name (looking for modules on every page view is wasted work);
    the cache is cleared when INSTALLED_APPS changes (tests with `override_settings`).
    """
    return list(_app_modules(module_name))


@cache
def _app_modules(module_name: str) -> tuple[ModuleType, ...]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        dotted = f"{config.name}.{module_name}"
        if find_spec(dotted) is not None:
            modules.append(import_module(dotted))
    return tuple(modules)


@receiver(setting_changed)
def _forget_app_modules(*, setting, **kwargs):
    if setting == "INSTALLED_APPS":
        _app_modules.cache_clear()


def collect_blocks(module_name: str, function_name: str, *args) -> list:
    """Every installed app's blocks from `<app>.<module_name>.<function_name>(*args)`, in their order.

    A module of that name without the function (e.g. the one that defines the collector) is passed over.
    """
    blocks = []
    for module in app_modules(module_name):
        offer = getattr(module, function_name, None)
        if offer is not None:
            blocks.extend(offer(*args))
    return sorted(blocks, key=lambda block: block.order)


def render_block(template: str, context: dict, request) -> str:
    """Render a block another app offers (a home section, a member panel, a profile section).

    The template gets exactly the block's context as its variables: nothing is added, so a block may
    name a variable `section` or `panel` and get its own value.
    """
    from django.template.loader import render_to_string

    return render_to_string(template, context, request=request)


def page_sections(obj, request) -> list[tuple]:
    """The sections higher apps add to a lower app's public page about `obj` (a publication, a
    community): every `page_sections.py` module's `sections(obj) -> [Block]`, each with its
    rendered body, in their order. The page gives each an <h2> (`core/includes/page_sections.html`)."""
    return [
        (section, render_block(section.template, section.context, request))
        for section in collect_blocks("page_sections", "sections", obj)
    ]
