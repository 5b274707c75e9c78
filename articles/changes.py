"""What follows a change to pieces' status, text or actors."""

from collections.abc import Iterable

from newsroom.page_cache import pages_changed

from .models import ArticleEntity
from .related import related_refresh


def articles_changed(*, article_ids: Iterable[int]) -> None:
    """Bring everything derived from these pieces up to date.

    Related coverage is recomputed within the caller's transaction, so readers
    see the change and the new lists together, or for many pieces by
    background tasks (see `related_refresh`); stored reader pages and actor
    summaries go stale once it commits.
    """
    pages_changed()
    related_refresh(article_ids=article_ids)


def articles_merged(*, tagged: dict) -> None:
    """Follows an actor merge (entities.merging): its pieces changed actors."""
    articles_changed(article_ids=tagged.get(ArticleEntity, []))
