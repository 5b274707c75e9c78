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


def shared_names(piece) -> list[str]:
    """The names of the topic's actors `piece` is tagged with, rarest first
    (`piece` from `topic_articles`, its actors prefetched)."""
    actors = {actor.pk: actor for actor in piece.actors}
    return [actors[pk].name for pk in piece.topic_shared or () if pk in actors]
