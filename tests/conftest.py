import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.smtp import SmtpSink


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """With `--reuse-db` (`make test` and `make test-fast` on a developer's machine) the test database is
    kept between runs and only new migrations are applied to it. But each `transactional_db` test empties
    every table after it, the rows the data migrations made (groups and their permissions, the UK
    standards, the law pages) with them, and a migration that has run does not run again. So the rows the
    migrations left are read at the start and put back at the end: the next run starts as a fresh one.
    (A run killed before its end leaves them out: `pytest --create-db` builds the database afresh.)"""
    from django.db import connection

    if not request.config.getvalue("reuse_db") or (
        connection.vendor == "sqlite" and connection.is_in_memory_db()
    ):
        yield
        return
    from django.core.management import call_command

    with django_db_blocker.unblock():
        migrated = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(migrated)
        from tests.database import reset_sequences

        reset_sequences()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path, request):
    # Uploaded files from one test never leak into another or into the developer's media folder.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")
    for shared in ("seeded_demo", "_shared_demo"):  # the demo seeded once for many tests
        if shared in request.fixturenames:
            # The demo's files (meeting papers, evidence letters): a copy of their own for this test.
            seeded = request.getfixturevalue(shared)
            for source, copy in (
                (seeded.media_root, settings.MEDIA_ROOT),
                (seeded.private_media_root, settings.PRIVATE_MEDIA_ROOT),
            ):
                if Path(source).exists():
                    shutil.copytree(source, copy)


@dataclass(frozen=True)
class SeededDemo:
    media_root: Path
    private_media_root: Path


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """`seed_demo` once for a whole test module, every test still starting from exactly the seeded demo.

    The demo is written inside a transaction that stays open for the module and is rolled back at its
    end. Each test runs in its own transaction inside that one (pytest-django's `db`: a savepoint here),
    rolled back after the test: what a test changes, the next one never sees. Tests that need committed
    data (`transactional_db`, `live_server`) cannot use it; the browser tests have `demo_site`.
    Seeding takes seconds; a module of twenty tests used to seed twenty times.
    """
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("seeded-demo")
    seeded = SeededDemo(media_root=folder / "media", private_media_root=folder / "private-media")
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(
            MEDIA_ROOT=str(seeded.media_root), PRIVATE_MEDIA_ROOT=str(seeded.private_media_root)
        ):
            call_command("seed_demo", stdout=io.StringIO())
        yield seeded
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Abuse-limit counters, the page cache, cached sessions and allauth's used codes live in the cache:
    # each test starts with nothing in it, so one test's forms never count against the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost; the portal's mail goes to it over SMTP."""
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield sink
    sink.stop()


# Signing in: tests/auth.py. Staff pass the second factor through allauth's own page there; no fixture
# patches the test client, so a test that forgets to sign staff in properly gets no staff powers.


@pytest.fixture
def staff_client(client):
    """`staff_client(user)`: the test client signed in as `user`, the second factor passed on its page."""
    from tests.auth import sign_in

    def signed_in(user):
        return sign_in(client, user)

    return signed_in
