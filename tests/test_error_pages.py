import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_server_error_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<h1 class="page-title">Something went wrong</h1>' in html
    assert '<meta name="robots" content="noindex">' in html


def test_not_found_page_is_friendly_and_not_indexed(client, settings):
    settings.DEBUG = False
    response = client.get("/nowhere/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


@pytest.mark.parametrize("url", ["/nowhere/", "/articles/no-such-piece/"])
def test_debug_shows_the_sites_own_404(client, settings, url):
    """A newcomer's first wrong address under `make run` (debug on)."""
    settings.DEBUG = True
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="page-title">Page not found</h1>' in html
    assert "URLconf" not in html
    assert "no-store" in response["Cache-Control"]


def test_debug_shows_the_sites_own_500_and_logs_the_traceback(
    client, settings, monkeypatch, caplog
):
    settings.DEBUG = True

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("the template engine caught fire")

    monkeypatch.setattr("articles.views.HomeView.get", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert (
        '<h1 class="page-title">Something went wrong</h1>' in response.content.decode()
    )
    assert "the template engine caught fire" in caplog.text


def test_django_debug_pages_come_back_when_asked_for(client, settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_ERRORS = True
    assert "URLconf" in client.get("/nowhere/").content.decode()
