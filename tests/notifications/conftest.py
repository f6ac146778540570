import pytest

from tests.notifications import sources


@pytest.fixture(autouse=True)
def notification_sources(settings):
    """The engine reads the test source only (the domain apps are not needed to test it)."""
    settings.NOTIFICATION_SOURCE_MODULES = ["tests.notifications.sources"]
    sources.reset()
    yield sources
    sources.reset()
