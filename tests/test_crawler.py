"""The crawl helper reaches surfaces that later work adds, once they are linked."""

from django.http import HttpResponse, JsonResponse

from tests.crawler import SiteCrawler

PAGES = {
    "/": HttpResponse(
        '<a href="/articles/a/">A</a>'
        '<form action="/search/" role="search"><input type="search" name="q">'
        '<input type="submit" value="Search"></form>'
        '<form method="post" action="/subscribe/"><input name="email"></form>'
    ),
    "/articles/a/": HttpResponse('<link rel="alternate" href="/feeds/a/">'),
    "/feeds/a/": HttpResponse(
        "<rss><item><link>http://testserver/articles/b/</link></item></rss>",
        content_type="application/rss+xml",
    ),
    "/articles/b/": HttpResponse("B"),
    "/search/?q=Secret": HttpResponse("no results for Secret"),
    "/robots.txt": HttpResponse(
        "Sitemap: http://testserver/sitemap.xml", content_type="text/plain"
    ),
    "/sitemap.xml": HttpResponse(
        "<urlset><url><loc>http://testserver/articles/c/</loc></url></urlset>",
        content_type="application/xml",
    ),
    "/articles/c/": HttpResponse("C"),
    "/api/articles/": JsonResponse(
        {
            "count": 1,
            "page": 1,
            "pages": 2,
            "results": [{"slug": "a", "headline": "A", "url": "/articles/a/"}],
        }
    ),
    "/api/articles/?page=1": JsonResponse({"results": []}),
    "/api/articles/?page=2": JsonResponse({"results": []}),
    "/api/articles/a": JsonResponse(
        {
            "entities": [{"slug": "hamas", "name": "Hamas", "kind": "organisation"}],
            "authors": [{"slug": "dana", "name": "Dana", "url": "/authors/dana/"}],
        }
    ),
    "/authors/dana/": HttpResponse("Dana"),
    "/api/authors/dana": JsonResponse({"slug": "dana", "url": "/authors/dana/"}),
    "/api/entities/hamas": JsonResponse({"slug": "hamas"}),
    "/api/articles/?entity=hamas": JsonResponse({"results": []}),
}


class FakeClient:
    def __init__(self):
        self.asked = []

    def get(self, url):
        self.asked.append(url)
        return PAGES.get(url) or HttpResponse(status=404)


def test_crawl_follows_feeds_sitemaps_search_forms_and_api_pointers():
    """Every kind of link and pointer is followed, author slugs in the API too."""
    client = FakeClient()
    site = SiteCrawler(client).crawl(search_terms=("Secret",))
    assert set(site.pages) == set(PAGES)
    assert "/subscribe/?email=Secret" not in client.asked, "POST forms are left alone"
    assert site.leaks("Secret") == [("/search/?q=Secret", "Secret")]
