"""The Redis servers the caching tests use.

REDIS_URL is the shared one that tests marked `needs_redis` use: REDIS_URL,
else the local one, on a database of its own (4) so they never meet the site's
keys. RedisServer is a private `redis-server` a test starts, breaks and stops
(tests marked `needs_redis_server`).
"""

import os
import signal
import socket
import subprocess
import time

import redis

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/4"

STARTUP_SECONDS = 10.0
# Short, so that a test of a hanging Redis waits little.
TIMEOUTS = {"socket_connect_timeout": 0.1, "socket_timeout": 0.1}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A `redis-server` of its own on a free port, keeping nothing on disk."""

    def __init__(self, *args: str):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.args = args
        self.client = redis.Redis(port=self.port, socket_timeout=STARTUP_SECONDS)
        self.process: subprocess.Popen | None = None

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [
                "redis-server",
                *("--bind", "127.0.0.1", "--port", str(self.port)),
                *("--save", "", "--appendonly", "no"),
                *self.args,
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                self.client.ping()
                return self
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def kill(self) -> None:
        """Gone at once, as under the OOM killer: no shutdown, nothing saved."""
        self.process.kill()
        self.process.wait()

    def pause(self) -> None:
        """Still accepting connections, never answering: a hanging Redis."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def make_read_only(self) -> None:
        """What a failover leaves: a replica of a primary that is gone, still
        answering reads with what it held, refusing every write (READONLY)."""
        self.client.replicaof("127.0.0.1", free_port())

    def fill(self) -> None:
        """Up to its maxmemory: under `noeviction` it refuses writes (OOM),
        the small ones too once the space left is too small for large ones."""
        for size in (10_000, 100):
            for number in range(10_000):
                try:
                    self.client.set(f"filler:{size}:{number}", b"x" * size)
                except redis.exceptions.OutOfMemoryError:
                    break
            else:
                raise AssertionError("No OOM: was it started with a maxmemory?")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.resume()
            self.kill()
