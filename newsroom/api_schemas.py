"""Shapes and helpers shared by the apps' API routers."""

from typing import Annotated, Any

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import StringConstraints

from .addresses import slug_url

# A parameter that PostgreSQL cannot compare (it refuses NUL in a query, and no
# stored text holds one) is malformed, as `?page=abc` is: 422, not a 500.
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]

MAX_PAGE_SIZE = 100


class MovedPermanently(Exception):
    """The answer lives at `url` (a merged actor's old slug): a 301 to it."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def absolute(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


def api_link(context, viewname: str, slug: str) -> str:
    """The absolute address of the API view `viewname` of `slug`."""
    return absolute(context, slug_url(f"api:{viewname}", slug))


class ErrorOut(Schema):
    detail: str


class EntityRefOut(Schema):
    slug: str
    name: str
    kind: str
    url: str = Field(description="The actor's reader page.")
    api_url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj, context):
        return api_link(context, "get_entity", obj.slug)


class AuthorRefOut(Schema):
    slug: str
    name: str
    url: str = Field(description="The author's reader page.")
    api_url: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj, context):
        return api_link(context, "get_author", obj.slug)


class PageFilters(Schema):
    page: int = Field(1, ge=1, description="Which page, from 1.")
    page_size: int = Field(
        settings.API_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Results per page, at most {MAX_PAGE_SIZE}.",
    )


class PageOut(Schema):
    """The head of every list: a page past the last one is a 404, never empty
    (but the first page of an empty list is an empty page)."""

    count: int = Field(description="Results on all pages together.")
    page: int
    page_size: int
    next: str | None = Field(description="The next page's absolute address, or null.")
    previous: str | None = Field(
        description="The previous page's absolute address, or null."
    )


def page_of(request, items, filters: PageFilters) -> dict:
    """One page of `items` (a QuerySet or list) with the links of its neighbours."""
    paginator = Paginator(items, filters.page_size, allow_empty_first_page=True)
    try:
        page = paginator.page(filters.page)
    except EmptyPage:
        raise HttpError(
            404,
            f"Page {filters.page} does not exist: there are {paginator.num_pages}.",
        ) from None

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": list(page.object_list),
    }


class ValidationIssueOut(Schema):
    type: str
    loc: list[str | int]
    msg: str
    ctx: dict[str, Any] | None = Field(
        None, description='The bound that failed, as {"ge": 1}, when there is one.'
    )


class ValidationErrorOut(Schema):
    """What the API answers (422) when a parameter does not validate or is unknown."""

    detail: list[ValidationIssueOut]
