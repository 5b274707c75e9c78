"""schema.org NewsArticle data for an article page, as search engines read it."""

import re

from django.conf import settings
from django.templatetags.static import static

from authors.names import split_byline
from authors.structured_data import person_data
from entities.models import Entity, Kind

SCHEMA_TYPES = {
    Kind.PERSON: "Person",
    Kind.ORGANISATION: "Organization",
    Kind.COUNTRY: "Country",
    Kind.PLACE: "Place",
    Kind.OTHER: "Thing",
}


def news_article_data(article, request) -> dict:
    """The piece as a NewsArticle; actors named in the headline are what it is
    `about`, the others are what it `mentions`."""
    url = request.build_absolute_uri(article.get_absolute_url())
    about = [a for a in article.actors if named_in(a, article.headline)]
    mentions = [a for a in article.actors if a not in about]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.standfirst,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.publish_at.isoformat(),
        "dateModified": article.modified_at.isoformat(),
        "author": authors_data(article, request),
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "logo": {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(static("img/logo.png")),
                "width": 600,
                "height": 60,
            },
        },
        "articleSection": article.section,
        "inLanguage": article.language,
        "image": image_data(article.image, request) if article.image_id else [],
        "about": [thing_data(actor, request) for actor in about],
        "mentions": [thing_data(actor, request) for actor in mentions],
        "correction": [correction_data(c) for c in article.corrections.all()],
    }
    return {key: value for key, value in data.items() if value not in ("", [])}


def image_data(image, request) -> list[dict]:
    """The lead image's 16:9, 4:3 and 1:1 crops, as Google asks of news."""
    return [
        {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(crop.url),
            "width": crop.width,
            "height": crop.height,
            **({"creditText": image.credit} if image.credit else {}),
        }
        for crop in image.sharing
    ]


def authors_data(article, request) -> list[dict]:
    """Every author as a `Person` with their page and links; without authors, the
    byline by name (a `Person` for each person it names, else an `Organization`),
    and without either, the newsroom."""
    if authors := article.authors:
        return [person_data(author, request) for author in authors]
    if article.byline:
        byline = split_byline(article.byline)
        if byline.whole:
            return [{"@type": "Person", "name": name} for name in byline.names]
        return [{"@type": "Organization", "name": article.byline}]
    return [{"@type": "Organization", "name": settings.SITE_NAME}]


def correction_data(correction) -> dict:
    return {
        "@type": "CorrectionComment",
        "name": correction.get_kind_display(),
        "text": correction.text,
        "datePublished": correction.at.isoformat(),
    }


def named_in(entity: Entity, text: str) -> bool:
    """Whether `text` names the actor; a person also by surname ("Putin")."""
    names = [entity.name]
    if entity.kind == Kind.PERSON:
        names.append(entity.name.split()[-1])
    return any(
        re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)
        for name in names
    )


def thing_data(entity: Entity, request) -> dict:
    data = {
        "@type": SCHEMA_TYPES.get(entity.kind, "Thing"),
        "name": entity.name,
        "url": request.build_absolute_uri(entity.get_absolute_url()),
    }
    if entity.wikidata_url:
        data["sameAs"] = entity.wikidata_url
    return data
