import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.structured_data import news_article_data

register = template.Library()

# The query parameters that choose what a page shows; anything else (tracking
# tags, typos) is not part of its canonical address.
CANONICAL_PARAMS = ("q", "entity", "section", "kind", "letter", "page")

# As django.utils.html.json_script, so no string in the data can close the
# <script> element or open a comment.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


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


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article) -> str:
    data = json.dumps(
        news_article_data(article, context["request"]), cls=DjangoJSONEncoder
    )
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(data.translate(JSON_SCRIPT_ESCAPES)),
    )
