"""{% site_part "head" %}: the page frame's parts, rendered once per process
for what they show (newsroom.frame)."""

from django import template
from django.utils.safestring import SafeString

from newsroom.frame import frame_of, frame_part

register = template.Library()


@register.simple_tag(takes_context=True)
def site_part(context, name: str) -> SafeString:
    """The frame's part `name` (newsroom.frame.FRAME_PARTS) for the page being
    rendered."""
    return frame_part(name, frame_of(context))
