"""Shapes shared by both apps' API routers."""

from ninja import Schema


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


class ValidationErrorOut(Schema):
    """What django-ninja answers (422) when a parameter does not validate."""

    detail: list[ValidationIssueOut]
