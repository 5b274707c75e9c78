from django.http import Http404
from ninja import Router
from ninja.errors import HttpError

from newsroom.api_schemas import AuthorRefOut, ErrorOut, Text, ValidationErrorOut

from .queries import find_author

router = Router(tags=["authors"])


class AuthorOut(AuthorRefOut):
    role: str
    bio: str
    article_count: int


@router.get(
    "/authors/{slug}",
    response={200: AuthorOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def get_author(request, slug: Text):
    """An author with public pieces, their bio (Markdown) and how many pieces."""
    try:
        return find_author(slug)
    except Http404:
        raise HttpError(404, f"No author with slug {slug!r}.") from None
