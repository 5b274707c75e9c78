from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

pytestmark = pytest.mark.django_db

READER_URLS = [
    "/",
    "/articles/hamas-and-hezbollah-restore-ties/",
    "/entities/",
    "/entities/hamas/",
    "/search/?q=hamas",
    "/feeds/latest/",
    "/feeds/latest/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/robots.txt",
    "/api/articles/",
    "/api/articles/hamas-and-hezbollah-restore-ties",
    "/api/entities/hamas",
]


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("url", READER_URLS)
def test_anonymous_readers_get_shareable_short_lived_answers(
    client, published_article, url
):
    response = client.get(url)
    assert response.status_code == 200
    assert cache_directives(response) == {"public", "max-age=30"}
    assert "Cookie" in response["Vary"]
    assert response["ETag"]

    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_max_age_follows_the_setting(client, published_article, settings):
    settings.READER_CACHE_SECONDS = 5
    assert "max-age=5" in cache_directives(client.get("/"))


def test_article_page_is_last_modified_at_its_last_change(client, published_article):
    url = published_article.get_absolute_url()
    response = client.get(url)
    assert response["Last-Modified"] == http_date(
        published_article.modified_at.timestamp()
    )
    later = http_date((timezone.now() + timedelta(minutes=1)).timestamp())
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=later).status_code == 304


def test_an_edit_changes_the_etag(client, published_article):
    url = published_article.get_absolute_url()
    before = client.get(url)["ETag"]
    published_article.headline = "Hamas and Hezbollah mend ties"
    published_article.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before


@pytest.mark.parametrize("url", [*READER_URLS, "/admin/"])
def test_nothing_is_cached_for_signed_in_staff(staff_client, published_article, url):
    response = staff_client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_directives(response)
    assert "public" not in cache_directives(response)
    assert not response.has_header("ETag")
    assert not response.has_header("Last-Modified")


def test_the_admin_login_page_is_never_shared(client):
    response = client.get("/admin/login/")
    assert {"private", "no-store"} <= cache_directives(response)


@pytest.mark.parametrize(
    "url", ["/articles/no-such-piece/", "/api/articles/no-such-piece", "/nowhere/"]
)
def test_error_answers_are_never_stored(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "no-store" in cache_directives(response)
    assert "public" not in cache_directives(response)


def test_non_get_answers_are_never_stored(client, published_article):
    response = client.post("/")
    assert response.status_code == 405
    assert "no-store" in cache_directives(response)
