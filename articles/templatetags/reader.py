from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.cards import cards_html
from newsroom.addresses import canonical_address
from newsroom.json_ld import json_ld_script
from newsroom.languages import PAGE_LANGUAGE, language_direction, news_language

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's absolute address; a paginated page's includes its number."""
    return canonical_address(context["request"])


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
    """The cards of `articles` (articles.cards); `lead`: the front's lead
    story, with its picture large."""
    return mark_safe("".join(cards_html(articles, level=level, lead=lead)))
