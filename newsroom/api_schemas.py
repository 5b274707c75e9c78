"""Shapes shared by both apps' API routers."""

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class EntityRefOut(Schema):
    slug: str
    name: str
    kind: str
