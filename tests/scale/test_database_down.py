"""A database out of reach answers 503 for a moment; the site then recovers alone."""

import logging
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


def refuse(error):
    def wrapper(execute, sql, params, many, context):
        raise error("server closed the connection unexpectedly")

    return wrapper


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert "Back in a moment" in response.content.decode()


def assert_unavailable_in_json(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The database is unavailable for a moment; try again."
    }


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.parametrize(
    "url", ["/", "/articles/hamas-and-hezbollah-restore-ties/", "/entities/hamas/"]
)
def test_readers_get_a_503_then_the_page_again(client, published_article, error, url):
    with connection.execute_wrapper(refuse(error)):
        assert_unavailable(client.get(url))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.parametrize(
    "url",
    [
        "/api/articles/",
        "/api/articles/hamas-and-hezbollah-restore-ties",
        "/api/entities/hamas",
    ],
)
def test_the_api_answers_its_503_in_json_then_the_answer_again(
    client, published_article, error, url
):
    with connection.execute_wrapper(refuse(error)):
        assert_unavailable_in_json(client.get(url))
    assert client.get(url).status_code == 200


def test_a_page_made_without_the_database_is_still_served(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    with connection.execute_wrapper(refuse(OperationalError)):
        assert client.get("/robots.txt").status_code == 200


def test_the_cause_is_logged_once_not_per_request(
    client, published_article, caplog, monkeypatch
):
    monkeypatch.setattr("newsroom.resilience._last_logged", -1e9)
    with (
        caplog.at_level(logging.WARNING),
        connection.execute_wrapper(refuse(OperationalError)),
    ):
        for _ in range(5):
            client.get("/")
    outage = [r for r in caplog.records if r.name == "newsroom.resilience"]
    assert len(outage) == 1
    assert outage[0].getMessage().startswith("Database unavailable, answering 503")


def test_signed_in_staff_get_the_503_too(editor, published_article):
    # The session is read outside the view, where only handler500 sees the error.
    session = Client(raise_request_exception=False)
    session.force_login(editor)
    with connection.execute_wrapper(refuse(OperationalError)):
        assert_unavailable(session.get("/"))
        assert_unavailable(session.get("/admin/"))
        assert_unavailable_in_json(session.get("/api/articles/"))
    assert session.get("/admin/").status_code == 200


def test_other_server_errors_stay_500(client, monkeypatch, published_article):
    from articles.views import HomeView

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(HomeView, "get", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


class Unreachable:
    """The driver's connection while the server is gone: nothing gets through."""

    def __init__(self, raw, error):
        self.raw, self.error, self.down = raw, error, True

    def __getattr__(self, name):
        if self.down and name in {"cursor", "execute"}:
            raise self.error("server closed the connection unexpectedly")
        return getattr(self.raw, name)


def wsgi_get(path: str) -> int:
    """A request as a WSGI server makes it: with the request_started and
    request_finished signals that let Django drop a broken connection (the
    test client turns those off)."""
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    statuses = []
    body = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    b"".join(body)
    body.close()
    return int(statuses[0].split()[0])


@pytest.mark.django_db(transaction=True)
def test_the_site_reconnects_by_itself_when_the_database_is_back(
    published_article, monkeypatch
):
    url = published_article.get_absolute_url()
    assert wsgi_get(url) == 200
    outage = Unreachable(connection.connection, connection.Database.OperationalError)
    connection.connection = outage
    reconnect = connection.get_new_connection

    def refused(conn_params):
        # Nor can a new connection be opened while the server is down.
        if outage.down:
            raise connection.Database.OperationalError("connection refused")
        return reconnect(conn_params)

    monkeypatch.setattr(connection, "get_new_connection", refused)
    assert [wsgi_get(url) for _ in range(3)] == [503, 503, 503]
    outage.down = False
    assert [wsgi_get(url) for _ in range(3)] == [200, 200, 200]
