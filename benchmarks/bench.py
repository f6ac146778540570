"""`make bench`: the portal's speed at the large data set, with production settings, in one table.

1. (Re)creates the PostgreSQL database BENCH_DATABASE_URL (default iau_bench) and empties the Redis
   database BENCH_REDIS_URL (the page cache and sessions), migrates, collects static files and seeds the
   large data set (benchmarks/seed_large.py).
2. Starts gunicorn with production settings on 127.0.0.1:BENCH_PORT and signs ten members in.
3. Drives every page with wrk in turn, /robots.txt first and last, and prints requests/s, p50 and p95
   with each page's share of /robots.txt's requests/s (the cheapest page the portal serves).
4. Runs the digest for every member, two reminder sweeps and the full export in one process
   (benchmarks/background.py) and adds their figures.

Settings (environment): BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_PORT (8117), BENCH_WORKERS (4),
BENCH_SECONDS (5 per page), BENCH_CONNECTIONS (10), BENCH_SKIP_SEED=1 (reuse the database as it is).
"""

import contextlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LUA = str(ROOT / "benchmarks" / "wrk" / "report.lua")

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iau_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
PORT = int(os.environ.get("BENCH_PORT", 8117))
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
SECONDS = int(os.environ.get("BENCH_SECONDS", 5))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 10))
PASSWORD = "bench-member-password"
BASE = f"http://127.0.0.1:{PORT}"

# What every anonymous visitor can see, then what they see with a form on it (never cached).
ANONYMOUS_PAGES = [
    ("/", "home"),
    ("/communities/", "communities"),
    ("/communities/community-7/", "a community"),
    ("/people/", "people"),
    ("/people/person-7/", "a person"),
    ("/publications/", "publications"),
    ("/publications/?q=knee", "publications, search"),
    ("/publications/?author=smith", "publications, by author"),
    ("/publications/publication-7/", "a publication"),
    ("/seminars/", "seminars"),
    ("/seminars/seminar-700/", "a past seminar"),
    ("/seminars/feed.ics", "seminars feed"),
    ("/search/?q=knee", "site search"),
    ("/sitemap.xml", "sitemap"),
    ("/seminars/seminar-7/", "an upcoming seminar (form)"),
    ("/involvement/", "get involved (form)"),
]
SIGNED_IN_PAGES = [
    ("/me/", "/me/ (signed in)"),
    ("/publications/", "/publications/ (signed in: cold)"),
    ("/seminars/", "/seminars/ (signed in: cold)"),
]


def environment() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iau_portal.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback: no proxy in front
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CACHE_URL": REDIS_URL,
        "SITE_URL": BASE,
        "EMAIL_URL": "consolemail://",
        "BENCH_PASSWORD": PASSWORD,
        "LOG_LEVEL": "WARNING",
    }


def run(*args, capture=False) -> str:
    result = subprocess.run(
        args, cwd=ROOT, env=environment(), check=True, text=True, stdout=subprocess.PIPE if capture else None
    )
    return result.stdout or ""


def recreate_database() -> None:
    import psycopg

    url = urllib.parse.urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        sys.exit(f"Refusing an odd database name: {name!r}")
    admin = urllib.parse.urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def empty_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def wait_for_server(process) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn stopped while starting; see the lines above.")
        try:
            with urllib.request.urlopen(f"{BASE}/robots.txt", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while the workers start
            pass
        time.sleep(0.5)
    sys.exit("gunicorn did not answer within 90 seconds.")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(email: str) -> str:
    """Signs in through the real form; returns the Cookie header value of the new session."""
    with urllib.request.urlopen(f"{BASE}/accounts/login/") as response:
        page = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    csrf_cookie = next(c.split(";")[0] for c in cookies if c.startswith("csrftoken="))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(f"{BASE}/accounts/login/", data=data, headers={"Cookie": csrf_cookie})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(request)
        headers = response.headers
    except urllib.error.HTTPError as error:  # the 302 after signing in
        headers = error.headers
    session = [c.split(";")[0] for c in headers.get_all("Set-Cookie") or [] if c.startswith("sessionid=")]
    if not session:
        sys.exit(f"Could not sign in as {email}: no session cookie came back.")
    return session[0]


def wrk(path: str, *, connections: int = CONNECTIONS, cookies: list[str] | None = None) -> dict:
    env = dict(os.environ)
    if cookies:
        env["BENCH_COOKIES"] = ";".join(cookies)
    threads = min(2, connections)
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{SECONDS}s", "--timeout", "10s"]
        + ["-s", LUA, BASE + path],
        env=env,
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    requests, duration_us, p50, p95, bad_status, socket_errors = line.split()[1:]
    return {
        "rps": int(requests) / (int(duration_us) / 1_000_000),
        "p50": float(p50),
        "p95": float(p95),
        "bad": int(bad_status) + int(socket_errors),
    }


def warm(path: str, cookie: str | None = None) -> None:
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request) as response:
        response.read()


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError, StopIteration):
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    postgres = run(PYTHON, "-c", "import psycopg; print(psycopg.__version__)", capture=True).strip()
    return (
        f"{model or platform.processor()}, {os.cpu_count()} cores{memory}; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; psycopg {postgres}; "
        f"gunicorn {WORKERS} workers; wrk {CONNECTIONS} connections, {SECONDS} s per page"
    )


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit(
            "make bench needs wrk, the HTTP load generator: install it with `sudo apt-get install wrk` "
            "(Debian/Ubuntu) or `brew install wrk` (macOS), then run make bench again."
        )
    if not os.environ.get("BENCH_SKIP_SEED"):
        print("Creating the benchmark database and seeding the large data set...", file=sys.stderr)
        recreate_database()
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0")
        output = run(PYTHON, "benchmarks/seed_large.py", capture=True)
    else:
        output = "MEMBERS:\n" + "\n".join(f"member{n}@bench.example" for n in range(10))
    members = output.split("MEMBERS:", 1)[1].split()
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0")
    empty_redis()

    server = subprocess.Popen(
        [GUNICORN, "iau_portal.wsgi:application", "-w", str(WORKERS), "-b", f"127.0.0.1:{PORT}"]
        + ["--log-level", "warning", "--timeout", "60"],
        cwd=ROOT,
        env=environment(),
    )
    rows = []
    try:
        wait_for_server(server)
        cookies = [sign_in(email) for email in members]
        for path, _ in ANONYMOUS_PAGES + [("/robots.txt", "")]:
            warm(path)  # the cache warm, as the targets ask
        print("Measuring pages in turn...", file=sys.stderr)
        robots_first = wrk("/robots.txt")
        for path, label in ANONYMOUS_PAGES:
            rows.append((label, path, wrk(path)))
        export = wrk("/publications/export.bib", connections=2)
        rows.append(("export.bib, all (2 connections)", "/publications/export.bib", export))
        for path, label in SIGNED_IN_PAGES:
            warm(path, cookies[0])
            if path == "/me/":
                rows.append((label + f", {len(cookies)} members", path, wrk(path, cookies=cookies)))
            else:
                rows.append((label + ", 1 connection", path, wrk(path, connections=1, cookies=cookies[:1])))
        robots_last = wrk("/robots.txt")
    finally:
        server.terminate()
        server.wait(timeout=30)

    print("Running the digest, reminder sweeps and export in one process...", file=sys.stderr)
    background_output = run(PYTHON, "benchmarks/background.py", capture=True)
    background = json.loads(background_output.split("BACKGROUND ", 1)[1])

    robots_rps = (robots_first["rps"] + robots_last["rps"]) / 2
    lines = [
        f"Machine: {machine()}",
        "",
        "| page | requests/s | p50 ms | p95 ms | ÷ `/robots.txt` | errors |",
        "|---|---:|---:|---:|---:|---:|",
        f"| `/robots.txt` (first) | {robots_first['rps']:.0f} | {robots_first['p50']:.1f} | "
        f"{robots_first['p95']:.1f} | | {robots_first['bad']} |",
    ]
    for label, path, figures in rows:
        lines.append(
            f"| {label} `{path}` | {figures['rps']:.1f} | {figures['p50']:.1f} | {figures['p95']:.1f} | "
            f"{100 * figures['rps'] / robots_rps:.1f}% | {figures['bad']} |"
        )
    lines.append(
        f"| `/robots.txt` (last) | {robots_last['rps']:.0f} | {robots_last['p50']:.1f} | "
        f"{robots_last['p95']:.1f} | | {robots_last['bad']} |"
    )
    b = background
    lines += [
        "",
        "| background work | figure |",
        "|---|---|",
        f"| digest for {b['digest_members']:,} members ({b['digest_queued']:,} emails) | "
        f"{b['digest_s']:.1f} s, {b['digest_cpu_ms_per_member']:.2f} ms CPU per member, "
        f"peak {b['digest_peak_rss_mb']:.0f} MB RSS "
        f"(process at start {b['python_rss_at_start_mb']:.0f} MB) |",
        f"| reminder sweep, {b['upcoming_meetings']:,} upcoming meetings, first run "
        f"({b['sweep_first_queued']:,} reminders due at once) | {b['sweep_first_s']:.2f} s |",
        f"| reminder sweep five minutes later (the every-five-minutes case) | {b['sweep_steady_s']:.2f} s |",
        f"| `/publications/` rendered afresh (signed in), in process | "
        f"{b['cold_publications_wall_ms']:.0f} ms wall, {b['cold_publications_cpu_ms']:.0f} ms CPU "
        "(median of 20) |",
        f"| `/seminars/` rendered afresh (signed in), in process | {b['cold_seminars_wall_ms']:.0f} ms wall, "
        f"{b['cold_seminars_cpu_ms']:.0f} ms CPU (median of 20) |",
        f"| `/me/`, in process | {b['cold_me_wall_ms']:.0f} ms wall, {b['cold_me_cpu_ms']:.0f} ms CPU "
        "(median of 20) |",
        f"| export.bib of all publications ({b['export_bytes'] / 1e6:.1f} MB), in process | "
        f"{b['export_total_ms']:.0f} ms, first part after {b['export_first_byte_ms']:.0f} ms, "
        f"peak Python memory {b['export_peak_python_mb']:.1f} MB |",
    ]
    table = "\n".join(lines)
    print(table)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
