"""A read replica that refuses or hangs costs readers nothing while the
primary answers: a breaker takes it out of reads for REPLICA_RETRY_SECONDS,
readers read the primary, and it is read again once it answers after that.

The dead replica is a real PostgreSQL address on a port nobody listens on,
swapped in for the test mirror of tests/conftest.py.
"""

import json
import logging
import socket
from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom import routers
from tests.manage import manage

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

READER_PAGES = [
    "/",
    "/articles/hamas-and-hezbollah-restore-ties/",
    "/entities/hamas/",
    "/search/?q=hamas",
    "/feeds/latest/",
    "/api/articles/hamas-and-hezbollah-restore-ties",
]


@pytest.fixture(autouse=True)
def router_on(settings):
    settings.DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]
    settings.REPLICA_RETRY_SECONDS = 30


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def replica_outage(monkeypatch):
    """Makes the replica alias a PostgreSQL server at a dead port until
    `.end()`, when the mirror of the test database is back; counts the
    connections tried."""
    mirror = connections[routers.REPLICA]
    dead = {
        **mirror.settings_dict,
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": unused_port(),
        "NAME": "newsroom",
        "USER": "postgres",
        "PASSWORD": "",
        "OPTIONS": {"connect_timeout": 2},
    }
    monkeypatch.setitem(connections.settings, routers.REPLICA, dead)
    replica = connections.create_connection(routers.REPLICA)
    tries = []
    connect = replica.get_new_connection

    def counted(params):
        tries.append(params)
        return connect(params)

    replica.get_new_connection = counted
    connections[routers.REPLICA] = replica

    class Outage:
        def end(self):
            replica.close()
            connections[routers.REPLICA] = mirror

    outage = Outage()
    outage.tries = tries
    yield outage
    outage.end()


@contextmanager
def primary_queries():
    with CaptureQueriesContext(connections["default"]) as primary:
        counts = {}
        yield counts
    counts["primary"] = len(primary)


def test_with_the_replica_at_a_dead_port_readers_get_pages_from_the_primary(
    client, published_article, replica_outage, caplog
):
    with caplog.at_level(logging.WARNING, logger="newsroom.routers"):
        for url in READER_PAGES:
            with primary_queries() as queries:
                assert client.get(url).status_code == 200, url
            assert queries["primary"] > 0, url
    assert len(replica_outage.tries) == 1
    (warning,) = caplog.messages
    assert warning.startswith("Read replica unreachable")
    assert "\n" not in warning


def test_the_replica_is_tried_again_only_after_the_back_off(
    client, published_article, replica_outage
):
    start = timezone.now()
    for seconds, tries in [(0, 1), (1, 1), (29, 1), (31, 2), (40, 2), (62, 3)]:
        with time_machine.travel(start + timedelta(seconds=seconds), tick=False):
            assert client.get("/").status_code == 200
        assert len(replica_outage.tries) == tries, seconds


def test_a_replica_back_after_the_back_off_is_read_again(
    client, published_article, replica_outage, caplog
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get("/").status_code == 200
    replica_outage.end()
    caplog.clear()
    replica = connections[routers.REPLICA]
    with (
        caplog.at_level(logging.INFO, logger="newsroom.routers"),
        CaptureQueriesContext(replica) as read,
    ):
        for seconds in [10, 31]:
            with time_machine.travel(start + timedelta(seconds=seconds), tick=False):
                with primary_queries() as queries:
                    assert client.get("/").status_code == 200
            assert (queries["primary"] > 0) is (seconds == 10), seconds
    assert len(read) > 0
    assert caplog.messages == ["Read replica reachable again; readers read it."]


def test_a_read_failing_on_the_replica_is_run_again_on_the_primary(
    client, published_article
):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connections[routers.REPLICA].execute_wrapper(refuse):
        for url in READER_PAGES:
            with primary_queries() as queries:
                assert client.get(url).status_code == 200, url
            assert queries["primary"] > 0, url
    assert not routers.breaker.admits()


# The site configured by the environment alone: its replica listens but never
# answers, as a machine does whose database hangs.
HANGING_REPLICA = """
import json
from django.conf import settings
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0)
reader = Client(headers={"host": "localhost"})
print(json.dumps({
    "options": settings.DATABASES["replica"]["OPTIONS"],
    "statuses": [reader.get(url).status_code for url in ["/", "/entities/", "/"]],
}))
"""


def test_a_hanging_replica_costs_one_connect_timeout_then_readers_read_the_primary(
    tmp_path,
):
    with socket.socket() as hanging:
        hanging.bind(("127.0.0.1", 0))
        hanging.listen()
        port = hanging.getsockname()[1]
        result = manage(
            "shell",
            "--no-imports",
            "-c",
            HANGING_REPLICA,
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            DATABASE_REPLICA_URL=f"postgres://reader@127.0.0.1:{port}/newsroom",
        )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    assert answers["options"]["connect_timeout"] == 2
    assert answers["statuses"] == [200, 200, 200]
    assert result.stderr.count("Read replica unreachable") == 1
