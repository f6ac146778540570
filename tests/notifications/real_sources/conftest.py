import pytest


@pytest.fixture(autouse=True)
def notification_sources(settings):
    """Here the engine discovers the real domain apps' reminders.py and digest.py, as in production."""
    settings.NOTIFICATION_SOURCE_MODULES = None
