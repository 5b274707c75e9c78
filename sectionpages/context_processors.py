from django.utils.functional import SimpleLazyObject

from .queries import header_sections


def header_sections_context(request):
    """The navigation's sections, read only by a page that shows them."""
    return {"header_sections": SimpleLazyObject(header_sections)}
