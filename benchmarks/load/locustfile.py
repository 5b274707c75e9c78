"""Anonymous readers of every public surface, for locust.

The URLs come from the database: benchmarks/run_load.py samples real slugs,
actors and search words and writes them as JSON ({surface: [path, …]}) to the
file named by LOAD_URLS. Run by run_load.py, or by hand:

    LOAD_URLS=benchmarks/out/load/<time>/urls.json .venv/bin/locust \\
        -f benchmarks/load/locustfile.py --host http://127.0.0.1:8100 \\
        --headless -u 16 -r 16 -t 20s --tags article Reader

`Reader` picks a surface by weight (all of them, or those named with --tags)
and a random URL of it. `FirstPass` requests every sampled URL exactly once and
then stops the run: the cold-cache figure, measured after the cache is flushed.

For the fault runs: with LOAD_UNCACHED_PARAM set, every other request carries
that query parameter with a unique value, so that it misses the page cache and
needs the database; with LOAD_STATUS_LOG set, each process writes how many
answers of each status it got in each second, cached and uncached apart, to
that path plus its pid.
"""

import collections
import itertools
import json
import os
import random
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, events, tag

URLS: dict[str, list[str]] = json.loads(Path(os.environ["LOAD_URLS"]).read_text())
# Said by the TLS proxy in front of gunicorn in production (SECURE_PROXY_SSL_HEADER).
HEADERS = {"X-Forwarded-Proto": "https"}
# How often a reader opens each surface, roughly as on a news site.
WEIGHTS = {
    "home": 4,
    "article": 8,
    "actor": 3,
    "combined": 1,
    "related": 1,
    "search": 1,
    "feed": 1,
    "api": 2,
}
WAIT = float(os.environ.get("LOAD_WAIT", "0"))
UNCACHED_PARAM = os.environ.get("LOAD_UNCACHED_PARAM")
_requests = itertools.count()


def _visit(surface: str):
    def visit(user) -> None:
        path, name, number = random.choice(URLS[surface]), surface, next(_requests)
        if UNCACHED_PARAM and number % 2:
            joiner = "&" if "?" in path else "?"
            path = f"{path}{joiner}{UNCACHED_PARAM}={os.getpid()}-{number}"
            name = f"{surface} uncached"
        user.client.get(path, name=name, headers=HEADERS)

    visit.__name__ = surface
    return tag(surface)(visit)


class Reader(FastHttpUser):
    wait_time = constant(WAIT)
    tasks = {_visit(surface): weight for surface, weight in WEIGHTS.items()}


_queue = [(surface, url) for surface, urls in URLS.items() for url in urls]
random.Random(7).shuffle(_queue)
_outstanding = len(_queue)


class FirstPass(FastHttpUser):
    wait_time = constant(0)

    def _next(self) -> None:
        global _outstanding
        if not _queue:
            time.sleep(0.05)
            return
        surface, url = _queue.pop()
        self.client.get(url, name=surface, headers=HEADERS)
        _outstanding -= 1
        if _outstanding == 0:
            # From a greenlet of its own: quit() kills the users, this one too.
            gevent.spawn(self.environment.runner.quit)

    tasks = [_next]


_statuses: collections.Counter = collections.Counter()


@events.request.add_listener
def _tally(start_time, name, response=None, **_kwargs) -> None:
    if "LOAD_STATUS_LOG" in os.environ:
        kind = "uncached" if name.endswith(" uncached") else "cached"
        status = getattr(response, "status_code", 0) or 0
        _statuses[(int(start_time), kind, status)] += 1


@events.quitting.add_listener
def _write_statuses(**_kwargs) -> None:
    if path := os.environ.get("LOAD_STATUS_LOG"):
        rows = [[*key, n] for key, n in _statuses.items()]
        Path(f"{path}.{os.getpid()}").write_text(json.dumps(sorted(rows)))
