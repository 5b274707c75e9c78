from django.apps import AppConfig


class AuthorPagesConfig(AppConfig):
    """What readers see of the authors: their pages, feeds, sitemap and API."""

    name = "authorpages"
    verbose_name = "Author pages"
