"""Backups: the database, the public media folder and the private files, in one dated folder.

A backup folder holds:
- `database.dump`: `pg_dump --format=custom` (PostgreSQL), or `database.sqlite3` (the demo's SQLite);
- one `files-N.tar.gz` per folder that uploads live in (MEDIA_ROOT, and the private folder of meeting
  papers and receipts, wherever their settings put it);
- `manifest.json`: what each archive is, found by asking the models' file fields for their storage, so a
  restore puts each archive back wherever that storage lives on the new machine.

`restore` needs a fresh database (it creates it if missing, and refuses one that already has tables)
and the same code version (run `migrate` afterwards if the code is newer).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, models

MANIFEST = "manifest.json"


def file_folders() -> dict[str, list[str]]:
    """Every folder uploads are stored in, with the file fields ("app.Model.field") that use it."""
    folders: dict[str, list[str]] = {str(Path(settings.MEDIA_ROOT).resolve()): []}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                location = getattr(field.storage, "location", None)
                if location is None:
                    continue
                used_by = folders.setdefault(str(Path(location).resolve()), [])
                used_by.append(f"{model._meta.label}.{field.name}")
    return folders


def _database() -> dict:
    return settings.DATABASES["default"]


def _pg_env(database: dict) -> dict:
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return env


def _pg_args(database: dict, name: str | None = None) -> list[str]:
    args = []
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", str(database["USER"])]
    return args + ["--dbname", name or database["NAME"]]


def _run(command: list[str], env: dict | None = None) -> None:
    if shutil.which(command[0]) is None:
        raise CommandError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(*, destination: Path, stdout) -> Path:
    """Write a new dated backup folder under `destination` and return its path."""
    folder = Path(destination) / f"iau-portal-{datetime.now():%Y-%m-%d-%H%M%S}"
    folder.mkdir(parents=True, exist_ok=False)
    database = _database()
    if connection.vendor == "postgresql":
        target = folder / "database.dump"
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *_pg_args(database)],
            env=_pg_env(database),
        )
        database_file = target.name
    elif connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        with sqlite3.connect(str(database["NAME"])) as source, sqlite3.connect(str(target)) as copy:
            source.backup(copy)
        database_file = target.name
    else:
        raise CommandError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    stdout.write(f"Database saved to {target}")

    archives = []
    for number, (location, fields) in enumerate(sorted(file_folders().items()), start=1):
        archive = folder / f"files-{number}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            if Path(location).is_dir():
                tar.add(location, arcname=".")
        is_media = location == str(Path(settings.MEDIA_ROOT).resolve())
        archives.append({"archive": archive.name, "media_root": is_media, "fields": fields, "from": location})
        stdout.write(f"Files from {location} saved to {archive}")
    manifest = {
        "created": datetime.now().isoformat(timespec="seconds"),
        "database": database_file,
        "vendor": connection.vendor,
        "files": archives,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return folder


def _location_for(entry: dict) -> Path:
    """Where an archive's files belong on this machine: the storage of the fields that used them."""
    if entry["media_root"]:
        return Path(settings.MEDIA_ROOT)
    for label in entry["fields"]:
        app_model, field_name = label.rsplit(".", 1)
        try:
            field = apps.get_model(app_model)._meta.get_field(field_name)
        except LookupError:
            continue
        return Path(field.storage.location)
    return Path(entry["from"])


def _postgres_database_is_empty(database: dict) -> bool:
    """Creates the database when it does not exist; True when it has no tables of its own."""
    admin = {**database, "NAME": "postgres"}
    quoted = str(database["NAME"]).replace("'", "''")
    exists_query = f"SELECT 1 FROM pg_database WHERE datname = '{quoted}'"
    found = subprocess.run(
        ["psql", "-tAc", exists_query, *_pg_args(admin)],
        env=_pg_env(database),
        capture_output=True,
        text=True,
    )
    if found.returncode != 0:
        raise CommandError(f"psql failed: {found.stderr.strip()}")
    if found.stdout.strip() != "1":
        _run(["createdb", *_pg_args(admin)[:-2], database["NAME"]], env=_pg_env(database))
        return True
    tables = subprocess.run(
        ["psql", "-tAc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", *_pg_args(database)],
        env=_pg_env(database),
        capture_output=True,
        text=True,
    )
    return tables.returncode == 0 and tables.stdout.strip() == "0"


def restore(*, source: Path, stdout) -> None:
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise CommandError(f"{source} is not a backup folder (no {MANIFEST}).") from error
    database = _database()
    if manifest["vendor"] != connection.vendor:
        raise CommandError(
            f"This backup is of a {manifest['vendor']} database; DATABASE_URL is {connection.vendor}."
        )
    if connection.vendor == "postgresql":
        if not _postgres_database_is_empty(database):
            raise CommandError(
                f"The database {database['NAME']} already has tables. Restore into a fresh database: set "
                "DATABASE_URL to a new name (it is created for you), or drop this one first."
            )
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                *_pg_args(database),
                str(source / manifest["database"]),
            ],
            env=_pg_env(database),
        )
    else:
        target = Path(database["NAME"])
        if target.exists() and target.stat().st_size > 0:
            raise CommandError(f"{target} already exists. Restore into a fresh database file.")
        shutil.copyfile(source / manifest["database"], target)
    stdout.write(f"Database {database['NAME']} restored from {source / manifest['database']}")

    for entry in manifest["files"]:
        location = _location_for(entry)
        location.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / entry["archive"], "r:gz") as tar:
            tar.extractall(location, filter="data")  # "data": nothing outside the folder, no devices
        stdout.write(f"Files restored to {location}")
