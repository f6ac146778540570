# syntax=docker/dockerfile:1
# The portal's image: web (gunicorn), worker and beat all run it (docker-compose.yml says which command).
# Two stages: the first builds the Python environment, the second holds only what runs, as a user with no
# powers. Dependencies are installed before the code is copied, so a change to the code rebuilds in seconds.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY pyproject.toml ./
# Only the dependency list of pyproject.toml: this layer changes when a dependency does, not with the code.
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && python -m venv /venv \
    && /venv/bin/pip install --upgrade pip \
    && /venv/bin/pip install -r requirements.txt

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=iau_portal.settings.production
# postgresql-client: pg_dump and pg_restore for `manage.py backup` / `restore`.
# libcairo2: draws the easy-read pictures (SVG) as PNG for emails.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client libcairo2 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home portal
COPY --from=build /venv /venv
WORKDIR /app
COPY . /app
# Static files are collected into the image (WhiteNoise serves them); the folders the volumes mount over
# (uploads, private files, backups) belong to the portal's user so a fresh volume is writable.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/private-media /app/backups \
    && chown -R portal:portal /app/var /app/backups
USER portal
EXPOSE 8000
# As the proxy asks: the site's host name, over https (so no redirect); /healthz answers 200 when the
# database and the broker answer. The worker and beat services replace this check with their own.
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=5 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': os.environ.get('SITE_HOST', 'localhost'), 'X-Forwarded-Proto': 'https'}), timeout=5)"
CMD ["gunicorn", "iau_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
