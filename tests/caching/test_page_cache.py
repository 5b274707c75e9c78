import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# Every kind of anonymous reader answer; all are stored.
READER_URLS = [
    "/",
    "/articles/hamas-and-hezbollah-restore-ties/",
    "/articles/hamas-and-hezbollah-restore-ties/related/",
    "/entities/",
    "/entities/?kind=organisation",
    "/entities/hamas/",
    "/entities/hamas+hezbollah/",
    "/entities/hamas/feed/",
    "/search/?q=hamas",
    "/feeds/latest/",
    "/feeds/latest/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
    "/robots.txt",
    "/api/articles/",
    "/api/articles/hamas-and-hezbollah-restore-ties",
    "/api/articles/hamas-and-hezbollah-restore-ties/related",
    "/api/entities/hamas",
]


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


@pytest.mark.parametrize("url", READER_URLS)
def test_a_readers_second_visit_is_served_without_the_database(
    stored, published_article, url
):
    stored(url)


@pytest.mark.parametrize("url", READER_URLS)
def test_a_stored_page_keeps_its_cache_headers_and_answers_304(
    client, published_article, url
):
    first = client.get(url)
    again = client.get(url)
    assert again["Cache-Control"] == first["Cache-Control"] == "public, max-age=30"
    assert again["Vary"] == "Cookie"
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    assert client.get(url, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304


def test_pages_differ_by_their_query_string(client, published_article):
    client.get("/entities/?kind=organisation")
    people = client.get("/entities/?kind=person").content.decode()
    assert "Hamas" not in people


@pytest.mark.parametrize("url", ["/", "/articles/hamas-and-hezbollah-restore-ties/"])
def test_signed_in_staff_are_never_served_a_stored_page(
    client, staff_client, published_article, url, reader
):
    reader.get(url)
    reader.get(url)
    assert queries_for(staff_client, url) > 0
    response = staff_client.get(url)
    assert "private" in response["Cache-Control"]
    # Nor is what staff were shown stored for readers.
    assert "no-store" in response["Cache-Control"]


def test_a_staff_page_is_not_stored_for_readers(
    staff_client, reader, published_article
):
    staff_client.get("/")
    assert queries_for(reader, "/") > 0


def test_a_session_cookie_bypasses_the_page_cache(client, published_article):
    client.get("/")
    client.cookies["sessionid"] = "not-a-session"
    assert queries_for(client, "/") > 0


@pytest.mark.parametrize(
    "url",
    [
        "/articles/no-such-piece/",
        "/api/entities/nobody",
        # Past the end: any number may be asked for.
        "/?page=99",
        "/api/articles/?page=99",
    ],
)
def test_errors_are_not_stored(client, url):
    client.get(url)
    assert queries_for(client, url) > 0


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/hamas-and-hezbollah-restore-ties/",
        "/feeds/latest/",
        "/api/articles/",
    ],
)
def test_a_head_is_answered_from_the_stored_page(
    client, published_article, django_assert_num_queries, url
):
    page = client.get(url)
    with django_assert_num_queries(0):
        head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    for header in ["ETag", "Content-Type", "Content-Length", "Cache-Control"]:
        assert head[header] == page[header]


def test_a_head_that_misses_stores_nothing(client, published_article):
    assert client.head("/").status_code == 200
    assert queries_for(client, "/") > 0


def test_a_stored_page_admits_the_inline_scripts_it_was_made_with(
    client, published_article, django_assert_num_queries
):
    url = published_article.get_absolute_url()
    page = client.get(url)
    assert "'sha256-" in page["Content-Security-Policy"]
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again["Content-Security-Policy"] == page["Content-Security-Policy"]


def test_the_admin_is_not_stored(client):
    first, second = client.get("/admin/login/"), client.get("/admin/login/")
    # Each answer is made afresh: each sets its own CSRF token cookie.
    assert "csrftoken" in first.cookies
    assert "csrftoken" in second.cookies
    assert "no-store" in second["Cache-Control"]


def test_nothing_is_stored_when_the_page_cache_is_off(
    client, settings, published_article
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert queries_for(client, "/") > 0
