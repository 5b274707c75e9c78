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
