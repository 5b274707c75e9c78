"""schema.org ProfilePage data for an author's page."""

from django.utils.html import strip_tags

from authors.models import Author
from authors.structured_data import person_data


def profile_page_data(author: Author, request) -> dict:
    person = person_data(author, request)
    if author.role:
        person["jobTitle"] = author.role
    if author.bio:
        person["description"] = " ".join(strip_tags(author.bio_html).split())
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": person["url"],
        "dateModified": author.updated_at.isoformat(),
        "mainEntity": person,
    }
