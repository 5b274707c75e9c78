"""Saving and deleting image files, through Django's default storage only.

Files are written before the database rows that name them commit. A block
run `undone_on_error()` deletes again whatever it saved if it fails, since the
rolled-back rows would leave those files to nobody; deletions wait for the
commit, since a rolled-back delete still needs its files.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

_saved: ContextVar[list[str] | None] = ContextVar("image_files_saved", default=None)


@contextmanager
def undone_on_error() -> Iterator[None]:
    outer = _saved.get()
    saved: list[str] = []
    token = _saved.set(saved)
    try:
        yield
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    finally:
        _saved.reset(token)
    if outer is not None:
        outer.extend(saved)


def file_save(name: str, data: bytes) -> str:
    """Store `data` as `name` (or a free name like it); the name it got."""
    stored = default_storage.save(name, ContentFile(data))
    if (saved := _saved.get()) is not None:
        saved.append(stored)
    return stored


def file_read(name: str) -> bytes:
    with default_storage.open(name, "rb") as stream:
        return stream.read()


def files_delete_on_commit(names: Iterable[str]) -> None:
    names = list(names)
    if names:
        transaction.on_commit(lambda: [default_storage.delete(n) for n in names])
