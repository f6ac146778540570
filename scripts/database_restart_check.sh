#!/usr/bin/env bash
# Proves the portal survives PostgreSQL going away and coming back, without restarting anything of ours:
# gunicorn (production settings, several workers) and a Celery worker keep running while a throwaway
# PostgreSQL cluster is stopped and started again. While it is down pages answer the friendly 503;
# afterwards they answer 200 again and the worker delivers mail again.
#
# Needs the PostgreSQL server binaries (Debian: postgresql), curl, and Redis at REDIS_URL (default
# redis://127.0.0.1:6379/6). Never touches the machine's own PostgreSQL cluster: it makes its own on
# PG_PORT (default 5499) in a temporary folder, and removes it at the end.
# Usage: scripts/database_restart_check.sh   (run as root or as the postgres user's peer)
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT=${PG_PORT:-5499}
WEB_PORT=${WEB_PORT:-8106}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/6}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
PYTHON=${PYTHON:-.venv/bin/python}
WORK=$(mktemp -d /tmp/iau-db-restart.XXXXXX)
chmod 755 "$WORK"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"   # the cluster writes its log and socket here
PGDATA="$WORK/pgdata"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

cleanup() {
  [ -n "${WEB_PID:-}" ] && kill "$WEB_PID" 2>/dev/null && wait "$WEB_PID" 2>/dev/null || true
  [ -n "${WORKER_PID:-}" ] && kill "$WORKER_PID" 2>/dev/null && wait "$WORKER_PID" 2>/dev/null || true
  as_postgres "$PG_BIN/pg_ctl -D $PGDATA -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; echo "--- gunicorn log" >&2; tail -n 30 "$WORK/web.log" >&2 || true; exit 1; }

echo "--- a throwaway PostgreSQL on port $PG_PORT"
as_postgres "mkdir -p $PGDATA"
as_postgres "$PG_BIN/initdb -D $PGDATA -A trust -U postgres" >/dev/null
start_pg() { as_postgres "$PG_BIN/pg_ctl -D $PGDATA -o '-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1' -l $WORK/pg.log -w start" >/dev/null; }
stop_pg() { as_postgres "$PG_BIN/pg_ctl -D $PGDATA -m fast -w stop" >/dev/null; }
start_pg
as_postgres "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT -U postgres iau_restart"

# Production settings, except static files from the source folders (no collectstatic needed here).
cat > "$WORK/production_here.py" <<'PY'
from iau_portal.settings.production import *  # noqa: F403
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PY
export PYTHONPATH="$WORK${PYTHONPATH:+:$PYTHONPATH}"
export DJANGO_SETTINGS_MODULE=production_here
export DJANGO_SECRET_KEY="restart-check-$(date +%s)-a-long-enough-throwaway-secret-value"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/iau_restart"
export DATABASE_CONN_MAX_AGE=600   # long-lived connections: the ones a restart breaks
export REDIS_URL CACHE_URL="$REDIS_URL"
export EMAIL_URL=consolemail://
export MEDIA_ROOT="$WORK/media"

"$PYTHON" manage.py migrate --noinput >/dev/null
"$PYTHON" -m gunicorn iau_portal.wsgi:application --bind "127.0.0.1:$WEB_PORT" --workers 3 \
  --access-logfile - >"$WORK/web.log" 2>&1 &
WEB_PID=$!
"$PYTHON" -m celery -A iau_portal worker --pool solo --concurrency 1 --loglevel INFO \
  -Q restart-check-$$ >"$WORK/worker.log" 2>&1 &
WORKER_PID=$!
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$WEB_PORT/healthz" >/dev/null && break; sleep 0.5; done

status_of() { curl -s -o "$WORK/body.html" -w '%{http_code}' "http://127.0.0.1:$WEB_PORT$1"; }
# Enough requests that every gunicorn worker answers some (each holds its own connection).
expect_all() {
  local want=$1 path=$2 code
  for _ in $(seq 12); do
    code=$(status_of "$path")
    [ "$code" = "$want" ] || fail "$path answered $code, expected $want"
  done
}

run_task() {  # queues one task that reads the database and waits until the worker has run $1 of them
  "$PYTHON" manage.py shell -c "
from apps.core.tasks import outbox_dispatch_due
outbox_dispatch_due.apply_async(queue='restart-check-$$')
"
  for _ in $(seq 60); do
    [ "$(grep -c 'core.outbox_dispatch_due.*succeeded' "$WORK/worker.log")" -ge "$1" ] && return 0
    sleep 0.5
  done
  tail -n 30 "$WORK/worker.log" >&2
  fail "the Celery worker did not run its task number $1"
}

echo "--- database up: pages answer 200, the worker runs a task"
expect_all 200 /
expect_all 200 /pages/privacy-notice/
run_task 1
echo "ok"

echo "--- uploads are served by gunicorn itself, safely"
mkdir -p "$MEDIA_ROOT/publications"
printf '%%PDF-1.4 check\n' > "$MEDIA_ROOT/publications/check.pdf"
printf '<script>alert(1)</script>' > "$MEDIA_ROOT/publications/check.html"
curl -s -D "$WORK/headers.txt" -o /dev/null "http://127.0.0.1:$WEB_PORT/media/publications/check.pdf"
for header in "HTTP/1.1 200" "Content-Security-Policy: sandbox" "X-Content-Type-Options: nosniff" \
              "Content-Disposition: attachment" "Content-Type: application/pdf"; do
  grep -qi "^$header" "$WORK/headers.txt" || fail "/media/ PDF lacks '$header'"
done
[ "$(status_of /media/publications/check.html)" = 404 ] || fail "/media/ served an HTML file"
echo "ok"

echo "--- database stopped: pages answer the friendly 503"
stop_pg
expect_all 503 /
expect_all 503 /pages/privacy-notice/
grep -q "The website is taking a short break" "$WORK/body.html" || fail "the 503 page is not the friendly one"
if grep -qi "traceback\|OperationalError" "$WORK/body.html"; then fail "the 503 page shows an error trace"; fi
[ "$(status_of /healthz)" = 503 ] || fail "/healthz did not report the database"
echo "ok"

echo "--- database started again: the same processes answer 200"
start_pg
expect_all 200 /
expect_all 200 /pages/privacy-notice/
kill -0 "$WEB_PID" || fail "gunicorn died"

echo "ok"
echo "--- the same Celery worker reaches the database again"
run_task 2
kill -0 "$WORKER_PID" || fail "the Celery worker died"
echo "ok"
echo "PASS: 503 while PostgreSQL was down, 200 again after it came back, with no restart of gunicorn or the worker"
