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
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from .page_cache import current_generation, is_anonymous_get

REPLICA = "replica"

_replica_reads = ContextVar("replica_reads", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
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
            _replica_reads.set(True)
