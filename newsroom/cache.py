"""Django's RedisCache, made optional: the site serves from the database without it.

Django's backend raises when Redis cannot be reached, which would turn every
page into an error while Redis restarts. Here a failed read is a miss and a
failed write is dropped, so pages are computed from the database as if the
cache were empty. After a failure Redis is left alone for RETRY_SECONDS, so a
dead or unreachable Redis costs each request nothing rather than a connection
timeout per cache call, and the warning is logged once per outage, not per call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

UNREACHABLE = (redis_errors.ConnectionError, redis_errors.TimeoutError)


class ResilientRedisCache(RedisCache):
    RETRY_SECONDS = 2.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._down = False

    def _attempt(self, fallback, method, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            result = method(*args, **kwargs)
        except UNREACHABLE as error:
            self._down_until = time.monotonic() + self.RETRY_SECONDS
            if not self._down:
                logger.warning("Redis cache unreachable, serving without it: %s", error)
            self._down = True
            return fallback
        if self._down:
            logger.warning("Redis cache reachable again.")
            self._down = False
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._attempt({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # Nothing was counted: callers only use incr to move a key on.
        return self._attempt(None, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._attempt(None, super().delete_many, keys, version)

    def clear(self):
        return self._attempt(False, super().clear)
