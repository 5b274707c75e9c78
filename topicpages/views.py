from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.views.generic import ListView

from articles.cards import cards_html
from articles.pagination import CountedPaginator, KeysetPaginationMixin
from newsroom.json_ld import json_ld_text
from newsroom.wording import names_listed
from topics.models import Topic
from topics.ranking import NEWEST, RELEVANT, topic_articles

from .queries import find_topic, shared_names
from .structured_data import collection_page_data
from .summary import topic_summary


class TopicListView(ListView):
    """The published topics, A–Z."""

    template_name = "topicpages/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return Topic.objects.published().select_related("image")


class TopicDetailView(KeysetPaginationMixin, ListView):
    """A topic: its introduction, pinned pieces, then its coverage, most
    relevant first (numbered pages) or newest first (`?order=newest`, deep
    pages by "Older" links as on other coverage pages). A draft or unknown
    topic is a 404."""

    template_name = "topicpages/topic_detail.html"
    context_object_name = "articles"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.topic = find_topic(kwargs["slug"])
        self.order = request.GET.get("order", RELEVANT)
        if self.order not in (RELEVANT, NEWEST):
            # As any choice a page takes: stored pages stay bounded by what exists.
            raise Http404("No such order.")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.summary = topic_summary(self.topic)
        return (
            topic_articles(topic=self.topic, order=self.order)
            .with_entities()
            .with_authors()
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.summary.count, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        if self.order == NEWEST:
            return super().paginate_queryset(queryset, page_size)
        # The relevant order has no time to start a page from: numbered pages
        # only, which read the topic's ranked list by its index.
        return ListView.paginate_queryset(self, queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Each card followed by what it shares with the topic, all rendered
        # (and read from the cache) at once.
        pieces = list(
            zip(
                context["articles"],
                cards_html(context["articles"], level=3),
                [
                    names_listed(shared_names(piece, self.topic))
                    for piece in context["articles"]
                ],
                strict=True,
            )
        )
        slug = {"slug": self.topic.slug}
        return context | {
            "topic": self.topic,
            "order": self.order,
            "pieces": pieces,
            "summary": self.summary,
            "rule": rule_words(self.topic),
            "feed_url": reverse("topicpages:feed", kwargs=slug),
            "atom_url": reverse("topicpages:atom", kwargs=slug),
            "json_ld": json_ld_text(
                collection_page_data(self.topic, context["articles"], self.request)
            ),
        }


def rule_words(topic: Topic) -> str:
    """The rule as a reader would say it: "Pieces about Hamas and at least one
    of Hezbollah and Iran, not about Egypt"."""
    parts = []
    if topic.all_of:
        parts.append(names_listed([actor.name for actor in topic.all_of]))
    if any_of := [actor.name for actor in topic.any_of]:
        if len(any_of) == 1:
            parts.append(any_of[0])
        elif topic.min_shared == len(any_of):
            parts.append(f"all of {names_listed(any_of)}")
        else:
            count = "one" if topic.min_shared == 1 else str(topic.min_shared)
            parts.append(f"at least {count} of {names_listed(any_of)}")
    words = f"Pieces about {' and '.join(parts)}" if parts else "Pieces"
    if none_of := [actor.name for actor in topic.none_of]:
        either = f"{', '.join(none_of[:-1])} or " if len(none_of) > 1 else ""
        words += f", not about {either}{none_of[-1]}"
    since, until = (
        day and date_format(day, "j F Y") for day in (topic.since, topic.until)
    )
    if since and until:
        words += f", from {since} to {until}"
    elif since or until:
        words += f", {'since' if since else 'until'} {since or until}"
    return words + "."
