"""Schemathesis against the OpenAPI schema the API serves: every operation, with
the demo content, answers without a server error and as its schema says."""

import json
from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import strategies as st
from ninja.responses import NinjaJSONEncoder

from articles.models import Article
from authors.models import Author
from entities.models import Entity, EntityRedirect
from newsroom.api import api
from newsroom.wsgi import application


@schemathesis.hook
def before_load_schema(context, raw_schema):
    """An answer holds only the fields its schema names, as the API tests hold
    it to: JSON Schema would allow any others unless told."""
    for shape in raw_schema["components"]["schemas"].values():
        shape.setdefault("additionalProperties", False)


def served_document() -> dict:
    """What /api/openapi.json answers, built without a request: the schema is
    loaded at collection, before there is a test database for the site's
    middleware to read (Schemathesis' fixture loader fails on pytest 9.2)."""
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


schema = schemathesis.openapi.from_dict(served_document())
schema.app = application


def test_the_fuzzed_document_is_the_one_served(db, client):
    assert client.get("/api/openapi.json").json() == served_document()


@pytest.fixture
def demo_content(newsroom_state):
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def test_transaction_kept_open():
    """The WSGI application closes the database connection between requests,
    which would end the test's transaction (on PostgreSQL); Django's own test
    client stops it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _slugs(path: str) -> list[str]:
    if path.startswith("/api/entities/"):
        return [
            *Entity.objects.order_by("slug").values_list("slug", flat=True),
            *EntityRedirect.objects.order_by("old_slug").values_list(
                "old_slug", flat=True
            ),
        ]
    if path.startswith("/api/authors/"):
        return list(Author.objects.order_by("slug").values_list("slug", flat=True))
    return list(Article.objects.order_by("slug").values_list("slug", flat=True))


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the time a slug that exists (public or not, or merged away), so the
    answers carry content rather than 404s."""
    if not isinstance(path_parameters, dict) or "slug" not in path_parameters:
        return st.just(path_parameters)
    real = st.sampled_from(_slugs(context.operation.path)).map(
        lambda slug: {**path_parameters, "slug": slug}
    )
    return st.just(path_parameters) | real


@schema.hook
def flatmap_query(context, query):
    if not isinstance(query, dict) or "entity" not in query:
        return st.just(query)
    real = st.sampled_from(_slugs("/api/entities/")).map(
        lambda slug: {**query, "entity": slug}
    )
    return st.just(query) | real


@schema.parametrize()
def test_api_answers_as_its_schema_says(demo_content, test_transaction_kept_open, case):
    case.call_and_validate()
