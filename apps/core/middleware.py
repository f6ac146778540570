"""A friendly 503 while the database is away, instead of a stack trace or a generic error page.

Django reconnects by itself (`CONN_HEALTH_CHECKS`: a dead pooled connection is noticed at the start of
the next request and replaced), so once PostgreSQL is back the same gunicorn and Celery processes serve
again: nothing needs restarting. Until then every request that needs the database gets this page.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    """The 503 page. Rendered without the request's context processors: nothing here may touch the
    database (no session, no user, no navigation from the database)."""
    from django.conf import settings

    context = {"site_name": settings.SITE_NAME, "contact_email": settings.CONTACT_EMAIL}
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a lost or refused database connection raised by a view into the 503 page.

    Errors raised outside views (another middleware reading the session, say) reach the 500 handler,
    which asks `is_database_error` and answers with the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
            return database_unavailable_response()
        return None


def is_database_error(exception: BaseException | None) -> bool:
    return isinstance(exception, DATABASE_ERRORS)
