from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.sitemaps import ArticleSitemap, NewsSitemap
from authorpages.sitemaps import AuthorSitemap
from entitypages.sitemaps import EntitySitemap
from sectionpages.sitemaps import SectionSitemap
from topicpages.sitemaps import TopicSitemap

from .api import api, not_found
from .media import serve_rendition
from .views import favicon, robots_txt, web_manifest

# A database out of reach answers 503 (newsroom.resilience), not 500.
handler500 = "newsroom.resilience.server_error"

SITEMAPS = {
    "articles": ArticleSitemap,
    "actors": EntitySitemap,
    "authors": AuthorSitemap,
    "sections": SectionSitemap,
    "topics": TopicSitemap,
    "news": NewsSitemap,
}

urlpatterns = [
    # First, as Django tries patterns in order: the pages most readers ask for
    # (the home page, the pieces), of which none overlaps those below.
    path("", include("articles.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("api/<path:rest>", not_found),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("site.webmanifest", web_manifest, name="web-manifest"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"},
        name="sitemap-index",
    ),
    # Before the general section pattern, which would render it without news:news.
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "section": "news", "template_name": "sitemaps/news.xml"},
        name="sitemap-news",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("entities/", include("entitypages.urls")),
    path("authors/", include("authorpages.urls")),
    path("sections/", include("sectionpages.urls")),
    path("topics/", include("topicpages.urls")),
]
if settings.SERVE_MEDIA and not settings.MEDIA_URL.startswith(("http:", "https:")):
    urlpatterns.append(
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:name>",
            serve_rendition,
            name="media",
        )
    )
