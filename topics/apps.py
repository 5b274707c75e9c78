from django.apps import AppConfig


class TopicsConfig(AppConfig):
    """Topics editors build from a rule over actors, and their ranked lists."""

    name = "topics"

    def ready(self):
        # The layers below take what they need of topics as hooks.
        from articles.changes import change_followers
        from articles.interchange import LINE_KINDS
        from entities.merging import merge_followers

        from .interchange import TOPIC_LINES
        from .ranking import topics_follow, topics_merged

        change_followers.append(topics_follow)
        merge_followers.append(topics_merged)
        LINE_KINDS["topic"] = TOPIC_LINES
