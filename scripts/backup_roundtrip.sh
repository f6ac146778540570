#!/usr/bin/env bash
# Proves a backup can be restored: seeds the demo into a throwaway PostgreSQL database, runs
# `manage.py backup`, restores into a second, fresh database with `manage.py restore`, then compares
# the row count of every table and every stored file (media and private media). Drops what it made.
#
# Needs PostgreSQL (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres, trust or PGPASSWORD) and its
# client tools (psql, pg_dump, pg_restore). Usage: scripts/backup_roundtrip.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
PYTHON=${PYTHON:-.venv/bin/python}
SOURCE_DB="iau_roundtrip_source_$$"
RESTORED_DB="iau_roundtrip_restored_$$"
WORK=$(mktemp -d /tmp/iau-backup-roundtrip.XXXXXX)

cleanup() {
  dropdb --if-exists "$SOURCE_DB" 2>/dev/null || true
  dropdb --if-exists "$RESTORED_DB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

url() { echo "postgres://$PGUSER${PGPASSWORD:+:$PGPASSWORD}@$PGHOST:$PGPORT/$1"; }
# The portal's own settings with its files in folders of this run (private files live beside media).
export DJANGO_SETTINGS_MODULE=iau_portal.settings.dev
export EMAIL_URL=consolemail://
unset REDIS_URL CACHE_URL

counts() {  # "table rows" for every table of the database $1, sorted
  psql -d "$1" -tA -F' ' -c "
    SELECT format('SELECT %L, count(*) FROM %I.%I;', tablename, schemaname, tablename)
    FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename" \
  | psql -d "$1" -tA -F' '
}
files() { (cd "$1" 2>/dev/null && find . -type f -print0 | sort -z | xargs -0r sha256sum) || true; }

echo "--- seed the demo into $SOURCE_DB"
createdb "$SOURCE_DB"
export DATABASE_URL=$(url "$SOURCE_DB") MEDIA_ROOT="$WORK/source/media"
"$PYTHON" manage.py migrate --noinput >/dev/null
"$PYTHON" manage.py seed_demo >/dev/null
# An upload in the public media folder too (the demo adds private meeting papers).
mkdir -p "$MEDIA_ROOT/publications" && printf '%%PDF-1.4 roundtrip\n' > "$MEDIA_ROOT/publications/roundtrip.pdf"
"$PYTHON" manage.py backup --to "$WORK/backups"
BACKUP=$(ls -d "$WORK"/backups/iau-portal-* | head -n1)
counts "$SOURCE_DB" > "$WORK/source-counts.txt"
{ files "$WORK/source/media"; files "$WORK/source/private-media"; } > "$WORK/source-files.txt"

echo "--- restore into the fresh database $RESTORED_DB"
export DATABASE_URL=$(url "$RESTORED_DB") MEDIA_ROOT="$WORK/restored/media"
"$PYTHON" manage.py restore "$BACKUP"
counts "$RESTORED_DB" > "$WORK/restored-counts.txt"
{ files "$WORK/restored/media"; files "$WORK/restored/private-media"; } > "$WORK/restored-files.txt"

echo "--- compare"
tables=$(wc -l < "$WORK/source-counts.txt")
rows=$(awk '{ total += $2 } END { print total }' "$WORK/source-counts.txt")
stored=$(wc -l < "$WORK/source-files.txt")
[ "$tables" -gt 20 ] && [ "$rows" -gt 100 ] && [ "$stored" -ge 2 ] \
  || { echo "FAIL: the demo seeded too little to prove anything ($tables tables, $rows rows, $stored files)"; exit 1; }
diff -u "$WORK/source-counts.txt" "$WORK/restored-counts.txt" || { echo "FAIL: row counts differ"; exit 1; }
diff -u "$WORK/source-files.txt" "$WORK/restored-files.txt" || { echo "FAIL: files differ"; exit 1; }
if "$PYTHON" manage.py restore "$BACKUP" >/dev/null 2>"$WORK/again.txt"; then
  echo "FAIL: restore wrote over a database that already had tables"; exit 1
fi
grep -q "already has tables" "$WORK/again.txt" || { cat "$WORK/again.txt"; exit 1; }
echo "PASS: $tables tables ($rows rows) and $stored files restored identically"
