"""Reader queries to the read replica; everything else to the primary.

Only DATABASE_REPLICA_URL turns this on (settings.DATABASE_ROUTERS). A router
does not see the request, so ReplicaReadsMiddleware marks, in a context
variable, the requests that may read from the replica: anonymous GETs of
anything but the admin. Writes, and every read after a write in the same
request, go to the primary, as do management commands and anything outside a
marked request. For REPLICA_LAG_SECONDS after a change to what readers see,
readers also read the primary: a page built then from a replica that has not
replayed the change yet would be stored under the new content generation and
stay stale.

A replica that cannot be reached costs readers nothing while the primary
answers. A marked request's first read opens the replica's connection (within
the connect timeout of settings), and a replica that refuses or hangs there,
or fails a read later in the request, trips a breaker: for
REPLICA_RETRY_SECONDS nobody tries it, readers read the primary, and a request
whose read failed is run again on the primary. The first reader after that
tries the replica again, so it comes back by itself.
"""

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from .page_cache import current_generation, is_anonymous_get
from .resilience import UNAVAILABLE

logger = logging.getLogger(__name__)

REPLICA = "replica"

# Per request: False (the primary), True (the replica), or UNTRIED: the
# replica if the breaker admits it at the request's first read.
UNTRIED = "untried"
_replica_reads = ContextVar("replica_reads", default=False)


class ReplicaBreaker:
    """Per process: whether the replica may be tried, and since when it may not."""

    def __init__(self):
        self.down_until = 0.0
        self.down = False

    def admits(self) -> bool:
        """The replica may be read: it connects (a kept connection passes its
        health check) and has not failed in the last REPLICA_RETRY_SECONDS."""
        if time.time() < self.down_until:
            return False
        try:
            # Opens the connection, or checks a kept one, without a query.
            connections[REPLICA].cursor().close()
        except UNAVAILABLE as error:
            self.trip(error)
            return False
        if self.down:
            self.down = False
            logger.info("Read replica reachable again; readers read it.")
        return True

    def trip(self, error: Exception) -> None:
        self.down_until = time.time() + settings.REPLICA_RETRY_SECONDS
        if not self.down:
            self.down = True
            logger.warning(
                "Read replica unreachable, readers read the primary; "
                "trying it again every %g s: %s",
                settings.REPLICA_RETRY_SECONDS,
                # One line: libpq's messages run over several.
                " ".join(str(error).split()),
            )


breaker = ReplicaBreaker()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_reads.get() == UNTRIED:
            _replica_reads.set(breaker.admits())
        return REPLICA if _replica_reads.get() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # What this request reads next must include what it just wrote.
        _replica_reads.set(False)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_reads.set(False)
        try:
            return self.get_response(request)
        finally:
            _replica_reads.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Only here is the URL resolved, so only here is the admin known.
        if (
            REPLICA in settings.DATABASES
            and is_anonymous_get(request)
            and request.resolver_match.app_name != "admin"
            and time.time() - current_generation().changed_at
            >= settings.REPLICA_LAG_SECONDS
        ):
            _replica_reads.set(UNTRIED)

    def process_exception(self, request, exception):
        """A read that failed on the replica, run again on the primary: the
        request is an anonymous GET, so running its view twice is safe."""
        if not (isinstance(exception, UNAVAILABLE) and _replica_reads.get() is True):
            return None
        breaker.trip(exception)
        _replica_reads.set(False)
        match = request.resolver_match
        try:
            response = match.func(request, *match.args, **match.kwargs)
            # A failure while rendering comes here too, after the view's own
            # chance to render has passed.
            return response.render() if hasattr(response, "render") else response
        except UNAVAILABLE:
            # The primary too: DatabaseUnavailableMiddleware answers 503.
            return None
