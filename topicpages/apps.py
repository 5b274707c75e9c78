from django.apps import AppConfig


class TopicPagesConfig(AppConfig):
    """What readers see of the topics: their pages, feeds, sitemap and API."""

    name = "topicpages"
    verbose_name = "Topic pages"

    def ready(self):
        from newsroom.page_cache import PageCacheMiddleware, Parameter

        # The topic page's order switch (views.TopicDetailView).
        PageCacheMiddleware.parameters.update(order=Parameter.CHOICE)
