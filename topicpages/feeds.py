from django.conf import settings
from django.urls import reverse

from articles.feeds import ArticleFeed, AtomFeedMixin
from topics.ranking import topic_pieces

from .queries import find_topic


class TopicFeed(ArticleFeed):
    """A topic's public pieces, newest first, as RSS."""

    surface = "feed"

    def get_object(self, request, slug):
        return find_topic(slug)

    def articles(self, topic):
        return topic_pieces(topic=topic)

    def title(self, topic):
        return f"{settings.SITE_NAME}: {topic.title}"

    def description(self, topic):
        return f"The latest coverage in the topic {topic.title}."

    def link(self, topic):
        return topic.get_absolute_url()

    def feed_url(self, topic):
        return reverse(f"topicpages:{self.surface}", kwargs={"slug": topic.slug})


class TopicAtomFeed(AtomFeedMixin, TopicFeed):
    surface = "atom"
