from django.apps import AppConfig


class EntityPagesConfig(AppConfig):
    """What readers see of the actors: their pages, feeds, sitemap and API."""

    name = "entitypages"
    verbose_name = "Actor pages"
