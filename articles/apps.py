from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        # Lower layers take what they need of articles as hooks, not imports.
        from entities.merging import merge_followers
        from newsroom.admin_site import AdminSite
        from newsroom.page_cache import PageCacheMiddleware, Parameter

        from .changes import articles_merged
        from .desk import PANELS
        from .models import Article

        PageCacheMiddleware.lifetime = Article.objects.unchanged_for
        # What the lists, the search and the API are asked for (views.py, api.py,
        # pagination.py).
        PageCacheMiddleware.parameters.update(
            page=Parameter.NUMBER,
            before=Parameter.NUMBER,
            after=Parameter.NUMBER,
            q=Parameter.TEXT,
            section=Parameter.TEXT,
            entity=Parameter.CHOICE,
            limit=Parameter.NUMBER,
            page_size=Parameter.NUMBER,
        )
        merge_followers.append(articles_merged)
        # The admin's home page is the editors' desk of the pieces.
        AdminSite.desk_panels = PANELS
