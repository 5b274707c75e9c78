"""Health checks for load balancers and orchestrators.

`/healthz` (liveness) answers 200 while the process can answer at all, and
touches nothing else: a restart would not mend a database outage. `/readyz`
(readiness) answers 200 when the database and the cache answer, else 503 with
the reasons, so a balancer sends readers elsewhere meanwhile.

Answered by a middleware right below SecurityMiddleware, before anything else
runs: no page cache (which reads the content generation) and no session, no
host check (a balancer probes by address, not by the site's name), no
throttle. The HTTPS redirect leaves them alone (SECURE_REDIRECT_EXEMPT), as a
balancer probes over plain HTTP. Never stored by anyone (`no-store`), and
not pages: no sitemap lists them.
"""

import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse

PATHS = ("/healthz", "/readyz")


def readiness_problems() -> list[str]:
    """What keeps the site from serving: empty when it can."""
    problems = []
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        problems.append(f"database: {type(error).__name__}")
    # Read back what was written: the site's cache treats an unreachable Redis
    # as a miss rather than raising.
    key, token = "readyz", uuid.uuid4().hex
    try:
        cache.set(key, token, timeout=10)
        if cache.get(key) != token:
            problems.append("cache: what was stored could not be read back")
    except Exception as error:
        problems.append(f"cache: {type(error).__name__}")
    return problems


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"status": "method not allowed"}, status=405)
            response["Allow"] = "GET, HEAD"
        elif request.path == "/healthz":
            response = JsonResponse({"status": "alive"})
        elif problems := readiness_problems():
            response = JsonResponse(
                {"status": "unavailable", "problems": problems}, status=503
            )
        else:
            response = JsonResponse({"status": "ready"})
        response["Cache-Control"] = "no-store"
        return response
