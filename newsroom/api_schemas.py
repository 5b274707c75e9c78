"""Shapes shared by both apps' API routers."""

from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StringConstraints

# A parameter that PostgreSQL cannot compare (it refuses NUL in a query, and no
# stored text holds one) is malformed, as `?page=abc` is: 422, not a 500.
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]


class ErrorOut(Schema):
    detail: str


class EntityRefOut(Schema):
    slug: str
    name: str
    kind: str


class AuthorRefOut(Schema):
    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class ValidationIssueOut(Schema):
    type: str
    loc: list[str | int]
    msg: str
    ctx: dict[str, Any] | None = Field(
        None, description='The bound that failed, as {"ge": 1}, when there is one.'
    )


class ValidationErrorOut(Schema):
    """What django-ninja answers (422) when a parameter does not validate."""

    detail: list[ValidationIssueOut]
