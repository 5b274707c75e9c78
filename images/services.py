"""Writes to the image library: every new image and focal point goes through here."""

import uuid

from django.db import transaction

from newsroom.page_cache import pages_changed

from .inspection import EXTENSIONS, Inspected, inspect_image
from .models import Image
from .renditions import renditions_make
from .storage import file_save, files_delete_on_commit, undone_on_error


def image_store(
    *, image: Image, data: bytes, inspected: Inspected | None = None
) -> Image:
    """Save the new `image` (its text and focal point set) with `data` as its
    original, stored byte for byte, and all its renditions.

    Raises inspection.ImageRefused, having stored nothing, for a file the
    library does not take (`inspected`: the file was judged already).
    """
    inspected = inspected or inspect_image(data)
    image.key = uuid.uuid4().hex
    image.sha256 = inspected.sha256
    image.format = inspected.format
    image.width, image.height = inspected.width, inspected.height
    with undone_on_error(), transaction.atomic():
        image.file.name = file_save(
            f"originals/{image.key}.{EXTENSIONS[inspected.format]}", data
        )
        renditions_make(image)
        image.save()
    return image


def image_save(*, image: Image) -> None:
    """Save edits of an image's text or focal point; a moved focal point gets
    new crops, and the old ones go once this commits."""
    with undone_on_error(), transaction.atomic():
        renditions_make(image)
        image.save()
        pages_changed()


def image_delete(*, image: Image) -> None:
    """Delete an image nothing uses (models.ProtectedError otherwise) and, once
    that commits, its files."""
    with transaction.atomic():
        names = [image.file.name, *(entry["name"] for entry in image.renditions)]
        image.delete()
        files_delete_on_commit(names)
        pages_changed()
