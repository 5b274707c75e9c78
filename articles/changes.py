"""What follows a change to pieces' status, text or actors."""

from collections.abc import Callable, Iterable

from newsroom.page_cache import pages_changed

from .models import ArticleEntity
from .related import related_refresh

# What apps above this one derive from pieces (topics' ranked lists), each
# called like `articles_changed`, within the writer's transaction: added by
# those apps at ready(), as articles imports none of them.
change_followers: list[Callable[..., None]] = []


def articles_changed(*, article_ids: Iterable[int]) -> None:
    """Bring everything derived from these pieces up to date.

    Related coverage is recomputed within the caller's transaction, so readers
    see the change and the new lists together, or for many pieces by
    background tasks (see `related_refresh`); stored reader pages and actor
    summaries go stale once it commits; then `change_followers` are called.
    """
    article_ids = list(article_ids)
    pages_changed()
    related_refresh(article_ids=article_ids)
    for follower in change_followers:
        follower(article_ids=article_ids)


def articles_merged(*, tagged: dict) -> None:
    """Follows an actor merge (entities.merging): its pieces changed actors."""
    articles_changed(article_ids=tagged.get(ArticleEntity, []))
