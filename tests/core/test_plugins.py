"""Plugin discovery is worked out once per process, not on every page view."""

from apps.core.plugins import _app_modules, app_modules


def test_plugin_modules_are_looked_up_once_and_reused():
    _app_modules.cache_clear()
    first = app_modules("search")
    misses = _app_modules.cache_info().misses

    again = app_modules("search")

    assert again == first
    assert _app_modules.cache_info().misses == misses
    assert [module.__name__ for module in first][:2] == ["apps.people.search", "apps.communities.search"]
