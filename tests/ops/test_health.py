"""/healthz and /readyz: what a load balancer asks, answered before the site's
own machinery (newsroom.health)."""

import json
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError

from tests.security.test_production_settings import production

pytestmark = pytest.mark.django_db

# As a balancer probes: plain HTTP, by address, to production settings.
PROBES = """
import json
from django.test import Client
client = Client(headers={"host": "10.0.0.7"})
answers = {}
for path in ["/healthz", "/readyz", "/robots.txt"]:
    response = client.get(path)
    answers[path] = [response.status_code, response.get("Cache-Control")]
print(json.dumps(answers))
"""


def test_a_balancer_probes_plain_http_by_address_in_production():
    result = production("shell", "--no-imports", "-c", PROBES)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    assert answers["/healthz"] == [200, "no-store"]
    assert answers["/readyz"] == [200, "no-store"]
    # A page for a host not the site's is still refused.
    assert answers["/robots.txt"][0] == 400


def test_liveness_reads_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


def test_readiness_asks_the_database_every_time(
    client, settings, django_assert_num_queries
):
    """Never answered from the page cache, nor kept by anyone."""
    settings.PAGE_CACHE_SECONDS = 300
    for _ in range(2):
        with django_assert_num_queries(1):
            response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"status": "ready"}
        assert response["Cache-Control"] == "no-store"


def test_readiness_is_503_with_the_reason_while_the_database_is_down(client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "problems": ["database: OperationalError"],
    }
    assert client.get("/healthz").status_code == 200


def test_readiness_is_503_while_the_cache_loses_what_it_is_given(client):
    with mock.patch.object(cache, "get", return_value=None):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["problems"] == [
        "cache: what was stored could not be read back"
    ]


def test_health_checks_take_no_writes(client):
    response = client.post("/readyz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_health_checks_are_in_no_sitemap(client):
    sitemaps = [client.get("/sitemap.xml")]
    sitemaps += [client.get(f"/sitemap-{name}.xml") for name in ["articles", "actors"]]
    assert all(
        b"healthz" not in s.content and b"readyz" not in s.content for s in sitemaps
    )
