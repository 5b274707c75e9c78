"""A database that cannot be reached is a short outage, not a server error.

While PostgreSQL restarts or fails over, queries raise OperationalError or
InterfaceError. Readers then get a plain 503 with Retry-After instead of a 500
(the API's clients the same 503 in JSON, as every API error), and the site
recovers by itself: Django drops a connection that failed
(CONN_HEALTH_CHECKS checks a kept one before reuse), so the first request after
the database is back connects afresh. Pages in the page cache are still served
meanwhile, since a hit never reaches the database.
"""

import logging
import sys
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import reverse
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
# An outage fails every request; one warning per interval is enough to read.
LOG_INTERVAL_SECONDS = 10.0

_last_logged = 0.0


def unavailable(request, error: Exception) -> HttpResponse:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_INTERVAL_SECONDS:
        _last_logged = now
        logger.warning("Database unavailable, answering 503: %s", error)
    if request.path.startswith(reverse("api:api-root")):
        response = JsonResponse(
            {"detail": "The database is unavailable for a moment; try again."},
            status=503,
        )
    else:
        # Rendered without the request: its context processors may need the
        # database.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 when a view (or its template) cannot reach the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            return unavailable(request, exception)
        return None


def server_error(request):
    """handler500: the same 503 for a database failure outside any view, as in
    a middleware reading the session of a signed-in user; otherwise Django's 500."""
    error = sys.exception()
    if isinstance(error, UNAVAILABLE):
        return unavailable(request, error)
    return django_server_error(request)
