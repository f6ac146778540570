"""The production image is a file of its own (`Dockerfile`), and docker-compose builds from it.

No Docker daemon runs where the tests run, so this reads the files for the properties the image promises:
two stages, dependencies installed before the code is copied (so a code change does not reinstall them),
a user with no powers, a health check; and compose keeps no secret of its own."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text()
    uncommented = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    logical = re.sub(r"\\\n\s*", " ", uncommented)
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line.strip() else "")
        for line in logical.splitlines()
        if line.strip()
    ]


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for instruction, args in _instructions():
        if instruction == "FROM":
            stages.append([])
        stages[-1].append((instruction, args))
    return stages


def test_the_image_is_built_in_two_stages_with_dependencies_before_the_code():
    build, runtime = _stages()
    assert build[0][1].endswith("AS build") and runtime[0][1].endswith("AS runtime")
    build_steps = [(i, a) for i, a in build if i in {"COPY", "RUN"}]
    assert build_steps[0] == ("COPY", "pyproject.toml ./"), "only the dependency list reaches the first stage"
    assert "pip install -r requirements.txt" in build_steps[1][1]
    copies = [a for i, a in runtime if i == "COPY"]
    assert copies == ["--from=build /venv /venv", ". /app"], "the environment first, then the code"


def test_the_portal_runs_as_a_user_with_no_powers_and_says_whether_it_is_healthy():
    runtime = _stages()[-1]
    users = [a for i, a in runtime if i == "USER"]
    assert users == ["portal"]
    assert [i for i, _ in runtime].index("USER") > max(n for n, (i, _) in enumerate(runtime) if i == "RUN"), (
        "nothing runs as root after the switch, and the switch comes after every install"
    )
    (check,) = [a for i, a in runtime if i == "HEALTHCHECK"]
    assert "/healthz" in check and "X-Forwarded-Proto" in check
    assert any(i == "CMD" and "gunicorn" in a for i, a in runtime)


def test_compose_builds_the_dockerfile_and_keeps_no_password_of_its_own():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "dockerfile_inline" not in compose
    assert re.search(r"^\s+build: \.$", compose, re.MULTILINE)
    assert "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?" in compose
    assert re.search(r"postgres://iau:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres", compose)
    assert not re.search(r"postgres://\w+:\w+@", compose), "no literal database password"


def test_the_build_context_leaves_out_secrets_and_local_state():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".env", ".git", ".venv", "var", "node_modules", "*.sqlite3"} <= ignored
