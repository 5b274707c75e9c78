"""Shapes shared by both apps' API routers."""

from typing import Any

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str


class EntityRefOut(Schema):
    slug: str
    name: str
    kind: str


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
