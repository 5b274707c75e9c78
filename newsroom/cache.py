"""Django's RedisCache, made optional: the site serves from the database without it.

Django's backend raises on any Redis failure, which would turn every page into
an error while Redis restarts, fails over or fills up. Here every failure
(every `RedisError`) is a miss for a read and a dropped write, so pages are
computed from the database as if the cache were empty. Two kinds of failure
are told apart, as they call for different patience:

- Redis out of reach (refused, hanging, loading its data): it is left alone
  for RETRY_SECONDS, so it costs each request nothing rather than a
  connection timeout per cache call.
- Redis answering with an error: a read-only replica after a failover
  (READONLY), a full one under `noeviction` (OOM), one that cannot save
  (MISCONF). These refuse writes and still answer reads quickly, so reads go
  on and only writes are left alone for RETRY_SECONDS.

Each is logged once when it starts and once when it ends, not per call.
Freshness never depends on a write getting through: see newsroom.page_cache.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

UNREACHABLE = (redis_errors.ConnectionError, redis_errors.TimeoutError)


class _Outage:
    """One kind of failure: whether it is on, and until when to wait."""

    def __init__(self, started: str, ended: str):
        self.started, self.ended = started, ended
        self.until = 0.0
        self.on = False

    def waiting(self) -> bool:
        return time.monotonic() < self.until

    def failed(self, error: Exception, pause: float) -> None:
        self.until = time.monotonic() + pause
        if not self.on:
            logger.warning(self.started, error)
        self.on = True

    def passed(self) -> None:
        if self.on:
            logger.warning(self.ended)
            self.on = False


class _ClientKept(RedisCacheClient):
    """Django's client, making its redis-py client once per connection pool
    rather than on every call: building one costs about as much as a round
    trip to Redis on loopback, and a page makes several. A redis-py client is
    safe to share between threads (each command takes a connection from the
    pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # By the id of a pool: pools are kept for the client's life.
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if (client := self._clients.get(id(pool))) is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    RETRY_SECONDS = 2.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientKept
        self._unreachable = _Outage(
            "Redis cache unreachable, serving without it: %s",
            "Redis cache reachable again.",
        )
        self._refusing = _Outage(
            "Redis cache answers with an error, storing nothing meanwhile: %s",
            "Redis cache accepts writes again.",
        )

    def _attempt(self, fallback, writes: bool, method, *args, **kwargs):
        if self._unreachable.waiting() or (writes and self._refusing.waiting()):
            return fallback
        try:
            result = method(*args, **kwargs)
        except UNREACHABLE as error:
            self._unreachable.failed(error, self.RETRY_SECONDS)
            return fallback
        except redis_errors.RedisError as error:
            # A refused read is rare (the error replies above refuse writes):
            # it is a miss, and reads go on.
            self._refusing.failed(error, self.RETRY_SECONDS if writes else 0.0)
            return fallback
        self._unreachable.passed()
        if writes:
            self._refusing.passed()
        return result

    def _read(self, fallback, method, *args, **kwargs):
        return self._attempt(fallback, False, method, *args, **kwargs)

    def _write(self, fallback, method, *args, **kwargs):
        return self._attempt(fallback, True, method, *args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._read(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._write(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._read({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._read(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # Nothing was counted: callers only use incr to move a key on.
        return self._write(None, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._write(None, super().delete_many, keys, version)

    def clear(self):
        return self._write(False, super().clear)
