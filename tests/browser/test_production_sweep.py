"""The demo as production serves it, in a real browser, signed in as every demo account.

The live test server answers /static/ itself, before any middleware, so it cannot see what production does
to a stylesheet requested with a session cookie. Here the portal runs as it does in production: static
files collected by `collectstatic` (WhiteNoise's compressed manifest), production settings, gunicorn,
plain HTTP on the loopback (no TLS proxy in front). The demo is seeded into a database of its own (a SQLite
file in a temporary folder, or a PostgreSQL database of its own when DATABASE_URL is set). Then Chromium
signs in as each demo account (staff with the code of the demo authenticator app) and opens that account's
pages (`demo.pages_to_check()` of every app, and the pages every account has). Every response is recorded,
stylesheets, images, scripts and the icon included: the sweep fails on any 4xx/5xx or failed request to
our own server, and on a page whose stylesheet did not load.

The only thing changed from production settings is STATIC_ROOT (a temporary folder, so the sweep never
writes into the working tree); see `_settings_module`.
"""

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from .conftest import Traffic, new_page, open_listed_page, sign_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(Path(sys.executable))
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# The README's demo accounts: the sweep refuses to pass if the demo stops having one of them.
README_ACCOUNTS = {
    "staff@demo.example",
    "coordinator@demo.example",
    "finance@demo.example",
    "editor@demo.example",
    "facilitator@demo.example",
    "link@demo.example",
    "rug@demo.example",
    "champion@demo.example",
}
# Opened by every signed-in account, besides the pages the apps list for it.
EVERY_ACCOUNT_PAGES = ["/", "/me/", "/communities/", "/seminars/", "/publications/"]
EVERY_STAFF_PAGES = ["/admin/"]
MIN_PAGES = 120
# Each page's stylesheet and icon (and images, scripts), as the browser fetched them and asked for again.
MIN_SUBRESOURCES = 400
# The header colour only portal.css gives: a page showing it has the portal's own stylesheet applied.
BRAND_HEADER = "rgb(22, 58, 100)"

# What the apps list, and the accounts, read from the seeded database with the same settings.
LIST_JS = """
import json
from apps.accounts.models import User
from apps.core.plugins import app_modules
pages = [page for module in app_modules("demo") for page in module.pages_to_check()]
accounts = list(User.objects.filter(email__endswith="@demo.example").order_by("email")
                .values_list("email", "is_staff"))
print("SWEEP-JSON " + json.dumps({"pages": pages, "accounts": accounts}))
"""

# For every stylesheet a page links: did it load, and how many rules does it have?
STYLESHEETS_JS = """() => [...document.querySelectorAll('link[rel~="stylesheet"]')].map(link => {
  let rules = -1;
  try { rules = link.sheet ? link.sheet.cssRules.length : -1; } catch (error) { rules = -2; }
  return {href: link.href, rules: rules};
})"""
# Every subresource the page names (icons, images, scripts, stylesheets), to ask for again with the cookie.
NAMED_FILES_JS = """() => [
  ...[...document.querySelectorAll('link[href]')].filter(link => /\\b(stylesheet|icon)\\b/.test(link.rel))
    .map(link => link.href),
  ...[...document.images].map(img => img.currentSrc || img.src),
  ...[...document.scripts].filter(script => script.src).map(script => script.src),
]"""
BROKEN_IMAGES_JS = (
    "() => [...document.images].filter(img => !img.complete || !img.naturalWidth).map(img => img.src)"
)


def _settings_module(folder: Path) -> str:
    """Production settings with only STATIC_ROOT moved into the sweep's folder."""
    (folder / "sweep_settings.py").write_text(
        "import os\n\n"
        "from iau_portal.settings.production import *  # noqa: F403\n\n"
        'STATIC_ROOT = os.environ["SWEEP_STATIC_ROOT"]\n'
    )
    return "sweep_settings"


def _database(folder: Path):
    """A database of the sweep's own: (url, drop) for PostgreSQL when DATABASE_URL is, else a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{folder / 'sweep.sqlite3'}", lambda: None
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"{parts.path.lstrip('/')}_sweep_{os.getpid()}"
    assert re.fullmatch(r"[a-z_][a-z0-9_]*", name), name
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))

    def drop():
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), drop


def _cache_url() -> str:
    """Redis as production has it (sessions, limits, the page cache) when the run has one, else memory."""
    url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
    if not url.startswith("redis"):
        return "locmemcache://"
    # Keys of their own: nothing the test run or another sweep cached can answer for this database.
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}key_prefix=sweep-{secrets.token_hex(4)}"


def _wait_for(url: str, process, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn stopped while starting:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"gunicorn did not answer within 60 seconds:\n{log.read_text()[-3000:]}")


class Preparation:
    """The slow part of the sweep: migrate a database of its own, collect the static files, seed the demo
    and list its pages, in processes of their own with production settings.

    `tests/browser/conftest.py` starts it when the run is collected (if this file's tests are to run), so
    it works on the second core while the rest of the suite runs; the fixture below waits for it. The
    port is held (bound, not listening) from the start, so nothing else takes it before gunicorn does.
    """

    STEPS = (
        ("migrate", "--noinput", "-v", "0"),
        ("collectstatic", "--noinput", "-v", "0"),
        ("seed_demo", "--i-know-this-is-production", "-v", "0"),
        ("shell", "-c", LIST_JS),
    )

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="production-sweep-"))
        self.held_port = socket.socket()
        self.held_port.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.held_port.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self.held_port.getsockname()[1]}"
        self.database_url, self.drop_database = _database(self.folder)
        self.environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(self.folder), str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": _settings_module(self.folder),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_CSRF_TRUSTED_ORIGINS": self.base_url,
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback: no TLS proxy in front
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": self.database_url,
            "CACHE_URL": _cache_url(),
            "SWEEP_STATIC_ROOT": str(self.folder / "static"),
            "MEDIA_ROOT": str(self.folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.folder / "private-media"),
            "SITE_URL": self.base_url,
            "EMAIL_URL": "consolemail://",
            "DEMO_PASSWORD": settings.DEMO_PASSWORD,
            "DEMO_TOTP_SECRET": settings.DEMO_TOTP_SECRET,
            "LOG_LEVEL": "WARNING",
        }
        self.environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.logs = [self.folder / f"step-{number}.log" for number in range(len(self.STEPS))]
        # One step after the other, each with its own log; stops at the first that fails.
        script = " && ".join(
            f"{shlex.join([PYTHON, 'manage.py', *step])} >{shlex.quote(str(log))} 2>&1"
            for step, log in zip(self.STEPS, self.logs, strict=True)
        )
        self.process = subprocess.Popen(
            ["bash", "-c", script], cwd=ROOT, env=self.environment, start_new_session=True
        )

    def wait(self) -> dict:
        """Wait for every step; what the demo lists (its pages and accounts)."""
        if self.process.wait():
            ran = [(step, log) for step, log in zip(self.STEPS, self.logs, strict=True) if log.exists()]
            step, log = ran[-1]  # the step that failed: the last one that started
            raise AssertionError(f"manage.py {' '.join(step[:2])} failed:\n{log.read_text()[-6000:]}")
        assert (self.folder / "static" / "staticfiles.json").exists(), "collectstatic wrote no manifest"
        return json.loads(self.logs[-1].read_text().split("SWEEP-JSON ", 1)[1])

    def clean_up(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.held_port.close()
        self.drop_database()
        shutil.rmtree(self.folder, ignore_errors=True)


# Started by the fixture when the sweep's module begins. Not earlier, beside other tests: its seed_demo
# shares the run's Redis and bumped the page cache's version under their feet.
PREPARATION: list[Preparation] = []


def start_preparation() -> Preparation:
    if not PREPARATION:
        PREPARATION.append(Preparation())
    return PREPARATION[0]


@pytest.fixture(scope="module")
def production_site(browser):
    """gunicorn serving the seeded demo with production settings and collected static files."""
    preparation = start_preparation()
    folder, base_url = preparation.folder, preparation.base_url
    try:
        listed = preparation.wait()
        log = folder / "gunicorn.log"
        with open(log, "w") as log_file:
            server = subprocess.Popen(
                [GUNICORN, "iau_portal.wsgi", "--bind", base_url.removeprefix("http://"), "--workers", "2"]
                + ["--access-logfile", "-", "--error-logfile", "-", "--timeout", "60"],
                cwd=ROOT,
                env=preparation.environment,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            _wait_for(f"{base_url}/robots.txt", server, log)
            preparation.held_port.close()
            yield {"url": base_url, "log": log, **listed}
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
    finally:
        preparation.clean_up()
        PREPARATION.clear()


def _pages_for(site: dict) -> dict[str | None, list[str]]:
    """Each account's pages (None: a visitor): what the apps list for it, then what everyone has."""
    grouped: dict[str | None, list[str]] = {None: []}
    for email, is_staff in site["accounts"]:
        grouped[email] = list(EVERY_ACCOUNT_PAGES) + (EVERY_STAFF_PAGES if is_staff else [])
    for path, account in site["pages"]:
        if path not in grouped.setdefault(account, []):
            grouped[account].append(path)
    return grouped


def _check_page(page, base_url: str, path: str, traffic: Traffic) -> list[str]:
    """Open one page; what is wrong with it (its status, its stylesheets, its images, its named files)."""
    answer = open_listed_page(page, base_url, path, traffic)
    page.wait_for_load_state("networkidle")
    problems = [answer] if answer else []
    for sheet in page.evaluate(STYLESHEETS_JS):
        if sheet["rules"] <= 0:
            problems.append(f"stylesheet not applied: {sheet['href']} ({sheet['rules']} rules)")
    if not page.evaluate("document.styleSheets.length"):
        problems.append("no stylesheet at all")
    if page.locator(".site-header").count():
        header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        if header != BRAND_HEADER:
            problems.append(f"portal.css not applied: the header is {header}")
    problems += [f"image did not load: {src}" for src in page.evaluate(BROKEN_IMAGES_JS)]
    # The icon is named but a headless browser may never ask for it: ask for every named file with the
    # page's own cookies (the session's), as a browser would.
    for url in dict.fromkeys(page.evaluate(NAMED_FILES_JS)):
        if not url.startswith(base_url + "/"):
            continue
        answer = page.request.get(url)
        traffic.responses.append((url, answer.status, "named file (asked again)"))
        if answer.status != 200:
            problems.append(f"{url} answered {answer.status}")
    return problems


def test_every_demo_account_gets_every_page_and_file_from_the_production_like_server(
    production_site, browser
):
    base_url = production_site["url"]
    accounts = {email for email, _ in production_site["accounts"]}
    assert accounts >= README_ACCOUNTS, f"demo accounts missing: {README_ACCOUNTS - accounts}"

    problems: dict[str, list[str]] = {}
    pages_checked = 0
    subresources = 0
    signed_in = []
    for account, paths in _pages_for(production_site).items():
        traffic = Traffic()
        context, page = new_page(browser, traffic)
        # No HTTP cache: the stylesheet the sign-in page fetched without a session must be fetched again
        # with one, as by someone who signs in on a new computer, on every page.
        context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
        try:
            if account:
                sign_in(page, base_url, account, settings.DEMO_PASSWORD)
                # The session cookie is what broke static files: the browser must really hold one.
                assert any(cookie["name"] == "sessionid" for cookie in context.cookies()), account
                signed_in.append(account)
            for path in paths:
                found = _check_page(page, base_url, path, traffic)
                if found:
                    problems[f"{path} (as {account or 'visitor'})"] = found
                pages_checked += 1
        finally:
            context.close()
        errors = traffic.problems()
        if errors:
            problems[f"requests (as {account or 'visitor'})"] = errors
        subresources += sum(1 for _, _, kind in traffic.ours() if kind != "document")

    print(f"{pages_checked} pages and {subresources} files of ours, {len(signed_in)} accounts and a visitor")
    log_tail = production_site["log"].read_text()[-4000:]
    assert problems == {}, f"{json.dumps(problems, indent=1)}\n--- gunicorn log (end):\n{log_tail}"
    assert sorted(signed_in) == sorted(accounts)
    assert pages_checked >= MIN_PAGES, pages_checked
    assert subresources >= MIN_SUBRESOURCES, subresources


def test_static_files_answer_with_a_session_cookie_from_the_production_like_server(production_site, browser):
    """The bug itself, asked for directly: the stylesheet with a member's session cookie."""
    base_url = production_site["url"]
    traffic = Traffic()
    context, page = new_page(browser, traffic)
    try:
        sign_in(page, base_url, "link@demo.example", settings.DEMO_PASSWORD)
        page.goto(base_url + "/")
        stylesheet = page.evaluate("document.querySelector('link[rel=stylesheet]').href")
        answer = page.request.get(stylesheet)
        assert "/static/css/portal." in stylesheet  # the hashed name collectstatic gave it
        assert (answer.status, answer.headers["content-type"].split(";")[0]) == (200, "text/css")
        assert "immutable" in answer.headers.get("cache-control", "")
    finally:
        context.close()
    assert traffic.problems() == []
