import pytest


@pytest.fixture
def register(django_capture_on_commit_callbacks):
    """Register through the service with email sent (on-commit callbacks run)."""
    from apps.seminars.services import registration_create

    def _register(seminar, email="ann@example.org", name="Ann Example", **extra):
        data = {"role": "clinician", "consent": True, **extra}
        with django_capture_on_commit_callbacks(execute=True):
            return registration_create(seminar=seminar, name=name, email=email, **data)

    return _register
