import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.templatetags.static import static
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.static import was_modified_since

from .uploads import file_type_for

# Uploaded file names never change content: storage gives a new upload a new name instead of overwriting.
MEDIA_CACHE_CONTROL = "public, max-age=31536000"


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """JSON health for load balancers and uptime checks: 200 when every dependency answers, else 503."""
    checks = {}
    healthy = True
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        try:
            checks[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure means unhealthy, and is reported
            checks[name] = f"error: {type(error).__name__}"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; point them at the real icon.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_safe
def media(request, path):
    """Serve a public upload from MEDIA_ROOT, safely, without a separate web server.

    Only the allowed types (apps.core.uploads.FILE_TYPES) are served, with the content type chosen by us,
    never sniffed; anything but an image is a download; every file gets `Content-Security-Policy: sandbox`,
    so even a file that slipped past the upload check cannot run script as the portal. Any other file,
    a hidden file or a path outside MEDIA_ROOT is a 404.
    """
    # No stored name holds a control character, and the file system refuses NUL with a ValueError: such
    # a path (`x.png%00.txt`) is simply not a file here.
    if any(ord(character) < 32 or ord(character) == 127 for character in path):
        raise Http404("No such file.")
    file_type = file_type_for(path)
    if file_type is None or any(part.startswith(".") for part in Path(path).parts):
        raise Http404("Not an allowed file type.")
    try:
        full_path = safe_join(str(settings.MEDIA_ROOT), path)
        real_path = os.path.realpath(full_path)
    except (SuspiciousFileOperation, ValueError, OSError) as error:
        raise Http404("Outside the media folder.") from error
    media_root = os.path.realpath(settings.MEDIA_ROOT)
    if not real_path.startswith(media_root + os.sep):
        raise Http404("Outside the media folder.")  # a symbolic link pointing elsewhere
    try:
        status = os.stat(full_path)
    except (OSError, ValueError) as error:
        raise Http404("No such file.") from error
    if not os.path.isfile(full_path):
        raise Http404("No such file.")
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), status.st_mtime):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(
            open(full_path, "rb"),  # noqa: SIM115 - FileResponse closes it
            content_type=file_type.content_type,
            as_attachment=not file_type.is_image,
            filename=os.path.basename(full_path),
        )
        response["Last-Modified"] = http_date(status.st_mtime)
    response["Cache-Control"] = MEDIA_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
