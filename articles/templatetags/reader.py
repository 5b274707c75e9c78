import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.cards import cards_weigh
from newsroom.json_ld import json_ld_script
from newsroom.languages import PAGE_LANGUAGE, language_direction, news_language

register = template.Library()

# The query parameters that choose what a page shows; anything else (tracking
# tags, typos) is not part of its canonical address.
CANONICAL_PARAMS = (
    "q",
    "entity",
    "section",
    "kind",
    "letter",
    "page",
    "before",
    "after",
    "order",
)


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's absolute address; a paginated page's includes its number."""
    request = context["request"]
    params = request.GET.copy()
    for name in list(params):
        if name not in CANONICAL_PARAMS or not params[name]:
            del params[name]
    if params.get("page") == "1":
        del params["page"]
    query = params.urlencode()
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


@register.filter
def language_attrs(tag: str) -> str:
    """` lang="…" dir="…"` for an element in the language `tag`."""
    return format_html(' lang="{}" dir="{}"', tag, language_direction(tag))


@register.filter
def foreign_language_attrs(tag: str) -> str:
    """`language_attrs` of a piece's text shown on a page, where it differs
    from the page's own language."""
    return language_attrs(tag) if tag != PAGE_LANGUAGE else ""


@register.filter
def page_language_attrs(tag: str) -> str:
    """For the site's own words inside a piece in the language `tag`."""
    return language_attrs(PAGE_LANGUAGE) if tag != PAGE_LANGUAGE else ""


register.filter("news_language", news_language)


@register.simple_tag(takes_context=True)
def json_ld(context, text: str) -> str:
    """The <script> block of structured data `text` (from `json_ld_text`)."""
    return json_ld_script(context["request"], text)


@register.simple_tag
def article_cards(articles, level: int = 2, lead: bool = False) -> str:
    """The cards of `articles`, each rendered once per version of it; `lead`:
    the front's lead story, with its picture large.

    Rendering the cards is most of a list page's time. A card only changes when
    its piece is saved (its version moves on), one of its actors or authors
    is edited (its edit time changes) or the actors it names change order as
    coverage grows, and all are in the key, so a cached card is never stale;
    all of a page's cards are one cache round trip.
    """
    articles = list(articles)
    cards_weigh(articles)
    cards = {_card_key(article, level, lead): article for article in articles}
    cached = cache.get_many(cards)
    rendered = {
        key: render_to_string(
            "includes/article_card.html",
            {"article": article, "level": level, "lead": lead},
        )
        for key, article in cards.items()
        if key not in cached
    }
    if rendered:
        cache.set_many(rendered, settings.CARD_CACHE_SECONDS)
    return mark_safe("".join(cached.get(key) or rendered[key] for key in cards))


def _card_key(article, level: int, lead: bool = False) -> str:
    shape = f"{level}{'L' if lead else ''}"
    return f"card:{article.pk}:{article.version}:{shape}:{_shown_digest(article)}"


def _shown_digest(article) -> str:
    """Which actors and authors the piece names and which edit of each, the
    actors its card names, in their order, which edit of its image (a new
    focal point makes new crops) and its section's name and address."""
    shown = ",".join(f"{a.pk}@{a.updated_at.timestamp()}" for a in article.actors)
    shown += ";" + ",".join(
        f"{a.pk}@{a.updated_at.timestamp()}" for a in article.authors
    )
    shown += ";" + ",".join(str(a.pk) for a in getattr(article, "chips", ()))
    if article.image_id:
        shown += f";{article.image.stamp}"
    if article.section_id:
        # A section renamed shows its new name and links to its new address
        # (it is joined with the piece).
        shown += f";{article.section.name}/{article.section.slug}"
    return hashlib.blake2b(shown.encode(), digest_size=12).hexdigest()
