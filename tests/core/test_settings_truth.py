"""The house tells the truth about its settings: what the README and .env.example document is exactly
what the settings read (each with a default in development), and code reads `settings.X`, never
`getattr(settings, "X", default)` with a default of its own."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SETTINGS_FILES = ["base.py", "dev.py", "production.py", "test.py"]
ENV_READ = re.compile(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"")
# Documented because people set them, but read before (or outside) Django's settings.
NOT_SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "chooses which settings module is read",
    "PORT": "the port `make demo` serves on (the Makefile reads it)",
    "SITE_HOST": "the domain Caddy gets a certificate for (docker-compose reads it)",
    "POSTGRES_PASSWORD": "the password of docker-compose's database service (docker-compose reads it)",
}
# Production refuses to start without these rather than fall back on a development value.
NO_DEFAULT_IN_PRODUCTION = {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"}


def _settings_source(name: str) -> str:
    return (ROOT / "iau_portal" / "settings" / name).read_text()


def _read_by_settings() -> set[str]:
    return {name for file in SETTINGS_FILES for name in ENV_READ.findall(_settings_source(file))}


def _readme_table() -> set[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    return names


def _env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


def test_the_readme_documents_exactly_what_the_settings_read():
    documented = _readme_table() - set(NOT_SETTINGS)

    assert sorted(documented - _read_by_settings()) == [], "documented in the README, read by nothing"
    assert sorted(_read_by_settings() - documented) == [], "read by the settings, missing from the README"


def test_env_example_lists_the_same_variables_as_the_readme():
    assert sorted(_env_example() ^ _readme_table()) == []


def _env_calls(source: str) -> dict[str, str]:
    """Each `env...("NAME", ...)` call in the source, whole (parentheses balanced), by NAME."""
    calls = {}
    for match in ENV_READ.finditer(source):
        depth, end = 0, match.start()
        for end in range(source.index("(", match.start()), len(source)):
            depth += {"(": 1, ")": -1}.get(source[end], 0)
            if depth == 0:
                break
        calls[match.group(1)] = source[match.start() : end + 1]
    return calls


def test_every_variable_base_settings_read_has_a_default():
    calls = _env_calls(_settings_source("base.py"))

    assert len(calls) > 20
    assert [name for name, call in calls.items() if "default=" not in call] == []


def test_production_has_no_default_for_secrets():
    source = _settings_source("production.py")

    for name in NO_DEFAULT_IN_PRODUCTION:
        assert re.search(rf"\benv(?:\.\w+)?\(\s*\"{name}\"\s*\)", source), name


def test_code_reads_settings_directly_never_with_a_default_of_its_own():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "apps").rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"getattr\(\s*settings\s*,", line)
    ]

    assert offenders == []


@pytest.mark.django_db
def test_every_page_signs_with_the_site_name_setting(client, settings):
    settings.SITE_NAME = "Unit Portal"
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0

    page = client.get("/publications/").content.decode()

    assert '<meta property="og:site_name" content="Unit Portal">' in page
