from django.db import models
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    fallback: str,
    exclude_pk: int | None = None,
    reserved_by: tuple[type[models.Model], str] | None = None,
) -> str:
    """An ASCII slug of `text` not yet used by `model`, suffixed -2, -3… on clashes.

    `reserved_by` names another (model, field) whose values are taken too.
    """
    max_length = model._meta.get_field("slug").max_length
    base = slugify(text)[: max_length - 6].strip("-") or fallback
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if reserved_by:
        other, field = reserved_by
        taken.update(
            other._default_manager.filter(**{f"{field}__startswith": base}).values_list(
                field, flat=True
            )
        )
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
