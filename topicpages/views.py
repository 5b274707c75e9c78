from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from topics.models import Topic
from topics.ranking import NEWEST, ORDERS, RELEVANT, topic_articles


class TopicListView(ListView):
    """The published topics, A–Z."""

    template_name = "topicpages/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return Topic.objects.published()


class TopicDetailView(ListView):
    """A topic: its introduction, pinned pieces, then its coverage, most
    relevant first or newest first. A draft or unknown topic is a 404."""

    template_name = "topicpages/topic_detail.html"
    context_object_name = "articles"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.topic = get_object_or_404(
            Topic.objects.published().select_related("image"), slug=kwargs["slug"]
        )
        self.order = request.GET.get("order", RELEVANT)
        if self.order not in ORDERS:
            self.order = RELEVANT
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            topic_articles(topic=self.topic, order=self.order)
            .with_entities()
            .with_authors()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            topic=self.topic, order=self.order, newest=NEWEST, **kwargs
        )
