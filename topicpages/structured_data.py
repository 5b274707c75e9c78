"""schema.org CollectionPage data for a topic page."""

from articles.structured_data import image_data, thing_data
from topics.models import Topic


def collection_page_data(topic: Topic, pieces, request) -> dict:
    """The topic as a CollectionPage about its rule's actors, listing the
    pieces of the page in their order."""
    url = request.build_absolute_uri(topic.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": topic.title,
        "url": url,
        "about": [thing_data(actor, request) for actor in topic.all_of + topic.any_of],
        "image": image_data(topic.image, request) if topic.image_id else [],
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": place,
                    "url": request.build_absolute_uri(piece.get_absolute_url()),
                    "name": piece.headline,
                }
                for place, piece in enumerate(pieces, start=1)
            ],
        },
    }
    return {key: value for key, value in data.items() if value != []}
