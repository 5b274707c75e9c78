"""schema.org data as an inline JSON-LD block the page's policy admits."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .csp import admit_inline_script

# As django.utils.html.json_script, so no string in the data can close the
# <script> element or open a comment.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_text(data: dict) -> str:
    """`data` as JSON that is safe inside a <script> element."""
    return json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)


def json_ld_script(request, text: str) -> SafeString:
    """The <script> block of `text` (from `json_ld_text`), admitted by its hash."""
    admit_inline_script(request, text)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text)
    )
