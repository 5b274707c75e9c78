"""An author as schema.org describes a person."""

from .models import Author


def person_data(author: Author, request) -> dict:
    """A `Person` with the author's page as `url` and their links as `sameAs`."""
    data = {
        "@type": "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }
    if author.same_as:
        data["sameAs"] = author.same_as
    return data
