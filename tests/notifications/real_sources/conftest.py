import pytest


@pytest.fixture(autouse=True)
def notification_sources(settings):
    """Here the engine discovers the real domain apps' reminders.py and digest.py, as in production."""
    for name in ("NOTIFICATION_SOURCE_MODULES", "NOTIFICATION_ACCESS_NEEDS_PROVIDER"):
        if hasattr(settings, name):
            delattr(settings, name)
