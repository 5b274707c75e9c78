"""Security headers on every kind of answer: pages, redirects, errors, feeds,
sitemaps, the API, the admin and static files."""

import pytest

from .markup import admitted_hashes, parse_page

pytestmark = pytest.mark.django_db

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def policy(response) -> dict[str, list[str]]:
    directives = response["Content-Security-Policy"].split(";")
    return {name: sources for name, *sources in (d.split() for d in directives)}


@pytest.fixture
def answers(client, published_article, user_factory):
    """One answer of every kind, by name."""
    piece = published_article.get_absolute_url()
    urls = {
        "home": "/",
        "article": piece,
        "actor": "/entities/hamas/",
        "combined actors, unsorted (301)": "/entities/hezbollah+hamas/",
        "search": "/search/?q=ties",
        "not found": "/no-such-page/",
        "rss": "/feeds/latest/",
        "atom": "/feeds/latest/atom/",
        "sitemap": "/sitemap.xml",
        "robots.txt": "/robots.txt",
        "api": "/api/articles/",
        "api not found": "/api/articles/no-such-piece",
        "admin login": "/admin/login/",
        "static file": "/static/css/site.css",
    }
    got = {name: client.get(url) for name, url in urls.items()}
    got["conditional (304)"] = client.get(
        piece, HTTP_IF_NONE_MATCH=got["article"]["ETag"]
    )
    client.force_login(user_factory(is_superuser=True))
    got["admin"] = client.get("/admin/articles/article/")
    return got


def test_every_answer_carries_the_security_headers(answers):
    statuses = {answer.status_code for answer in answers.values()}
    assert {200, 301, 304, 404} <= statuses
    for name, answer in answers.items():
        for header, value in HEADERS.items():
            assert answer.get(header) == value, (name, header)
        directives = policy(answer)
        assert directives["default-src"] == ["'self'"], name
        assert directives["frame-ancestors"] == ["'none'"], name


def test_the_policy_admits_no_inline_code_but_by_hash(answers):
    for name, answer in answers.items():
        directives = policy(answer)
        for directive in ("script-src", "style-src"):
            sources = directives[directive]
            assert sources[0] == "'self'", (name, directive)
            assert all(s.startswith("'sha256-") for s in sources[1:]), (name, sources)
        assert directives["object-src"] == directives["base-uri"] == ["'none'"]


def test_the_article_page_admits_exactly_its_json_ld(answers):
    article = answers["article"]
    admitted = admitted_hashes(article)
    page = parse_page(article.content.decode(), admitted)
    assert page.problems == []
    assert len(admitted) == len(page.json_ld) == 1
    assert admitted_hashes(answers["home"]) == set()


def test_the_same_page_is_the_same_answer(client, published_article):
    """No per-request nonce: a page and its policy stay cacheable and its ETag
    lets a reader revalidate."""
    first, second = (client.get(published_article.get_absolute_url()) for _ in "12")
    assert first.content == second.content
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert first["ETag"] == second["ETag"]


def test_the_https_redirect_carries_the_security_headers(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    redirect = client.get("/robots.txt")
    assert redirect.status_code == 301
    assert redirect["Location"] == "https://testserver/robots.txt"
    for header, value in HEADERS.items():
        assert redirect.get(header) == value, header
    assert policy(redirect)["frame-ancestors"] == ["'none'"]
    # Browsers heed HSTS only from HTTPS, where Django sends it.
    assert "Strict-Transport-Security" not in redirect
    secure = client.get("/robots.txt", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=3600")
