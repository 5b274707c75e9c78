from django.http import Http404

from topics.models import Topic


def find_topic(slug: str) -> Topic:
    """The published topic `slug`, its lead image and rule's actors loaded; a
    draft or unknown one is Http404."""
    topic = (
        Topic.objects.published()
        .select_related("image")
        .prefetch_related("actor_links__tag")
        .filter(slug=slug)
        .first()
    )
    if topic is None:
        raise Http404("No such topic.")
    return topic


def shared_names(piece, topic: Topic) -> list[str]:
    """The names of the topic's actors `piece` is tagged with, in the order
    the rule names them (`piece` from `topic_articles`, its actors
    prefetched): "Hamas, Hezbollah and Iran" on every card alike."""
    shared = set(piece.topic_shared or ())
    return [actor.name for actor in topic.all_of + topic.any_of if actor.pk in shared]
