from django.apps import AppConfig


class EntityPagesConfig(AppConfig):
    """What readers see of the actors: their pages, feeds, sitemap and API."""

    name = "entitypages"
    verbose_name = "Actor pages"

    def ready(self):
        from newsroom.page_cache import PageCacheMiddleware, Parameter

        # The actor index's filters (views.EntityListView); pages are the lists'.
        PageCacheMiddleware.parameters.update(
            kind=Parameter.CHOICE, letter=Parameter.CHOICE, page=Parameter.NUMBER
        )
