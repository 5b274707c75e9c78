"""The editorial workflow: who may move a piece between states, and every write.

draft ⇄ review → published (now, or scheduled by a future `publish_at`) ⇄ withdrawn.
Reporters write drafts and send them for review; only editors publish, schedule,
withdraw or touch a published or withdrawn piece. The admin asks the same
functions, so the rules hold however a request arrives.
"""

from datetime import datetime

import reversion
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from authors.models import Author
from entities.models import Entity
from newsroom.dates import datetime_text

from .changes import articles_changed
from .models import Article, ArticleAuthor, ArticleEntity, Status
from .revisions import RESTORED_FIELDS, Snapshot

User = AbstractBaseUser | AnonymousUser

ADD = "articles.add_article"
CHANGE = "articles.change_article"
PUBLISH = "articles.publish_article"
WITHDRAW = "articles.withdraw_article"

# The permission each move needs on top of change_article (None: none more).
TRANSITIONS: dict[tuple[Status, Status], str | None] = {
    (Status.DRAFT, Status.REVIEW): None,
    (Status.REVIEW, Status.DRAFT): None,
    (Status.DRAFT, Status.PUBLISHED): PUBLISH,
    (Status.REVIEW, Status.PUBLISHED): PUBLISH,
    (Status.PUBLISHED, Status.WITHDRAWN): WITHDRAW,
    (Status.WITHDRAWN, Status.PUBLISHED): PUBLISH,
    (Status.WITHDRAWN, Status.DRAFT): PUBLISH,
}
# Pieces in these states have been in front of readers: only editors change them.
EDITORS_ONLY = {Status.PUBLISHED, Status.WITHDRAWN}


class WorkflowError(Exception):
    """A write the user may not make, or a move the workflow does not have."""


def allowed_statuses(*, user: User, current: Status | None) -> list[Status]:
    """The statuses `user` may give a piece now in `current` (None: a new piece)."""
    if current is None:
        starts = [Status.DRAFT, Status.REVIEW, Status.PUBLISHED]
        return [s for s in starts if s != Status.PUBLISHED or user.has_perm(PUBLISH)]
    moves = [
        target
        for (source, target), permission in TRANSITIONS.items()
        if source == current and (permission is None or user.has_perm(permission))
    ]
    return [Status(current), *moves]


def may_edit(*, user: User, article: Article) -> bool:
    return user.has_perm(CHANGE) and (
        article.status not in EDITORS_ONLY or user.has_perm(PUBLISH)
    )


def article_check_write(*, article: Article, by: User) -> None:
    """Refuse (WorkflowError) a write of `article` as it is now that `by` may not make.

    Compared with the stored row, so it judges what actually changes.
    """
    if article.status == Status.PUBLISHED and article.image_id:
        if problem := article.image.alt_problem:
            raise WorkflowError(f"“{article}” cannot be published: {problem}")
    stored = (
        Article.objects.filter(pk=article.pk).values("status", "publish_at").first()
        if article.pk
        else None
    )
    if stored is None:
        if not by.has_perm(ADD):
            raise WorkflowError("You may not create pieces.")
        if article.status not in allowed_statuses(user=by, current=None):
            raise WorkflowError(_only_editors(article.status))
        if article.publish_at is not None and not by.has_perm(PUBLISH):
            raise WorkflowError("Only editors set the publish time.")
        return
    source, target = Status(stored["status"]), Status(article.status)
    if not by.has_perm(CHANGE):
        raise WorkflowError("You may not change pieces.")
    if source in EDITORS_ONLY and not by.has_perm(PUBLISH):
        raise WorkflowError(f"Only editors may change a {source.label.lower()} piece.")
    if source != target:
        if (source, target) not in TRANSITIONS:
            raise WorkflowError(
                f"A {source.label.lower()} piece cannot become "
                f"{target.label.lower()} directly."
            )
        permission = TRANSITIONS[(source, target)]
        if permission and not by.has_perm(permission):
            raise WorkflowError(_only_editors(target))
    if article.publish_at != stored["publish_at"] and not by.has_perm(PUBLISH):
        raise WorkflowError("Only editors set the publish time.")


def _only_editors(target: Status) -> str:
    verb = {Status.PUBLISHED: "publish", Status.WITHDRAWN: "withdraw"}.get(
        target, "move"
    )
    return f"Only editors may {verb} pieces."


def article_save(
    *, article: Article, by: User, comment: str = "", follow_up: bool = True
) -> None:
    """Save `article` as `by`: checked, version-locked, kept as a revision.

    Every write of an article goes through here (the admin's form too), and
    `follow_up` brings what is derived from pieces up to date; the admin's form
    passes False and follows up itself once its actors inline is saved.
    Raises WorkflowError or models.EditConflict and then writes nothing.
    """
    article_check_write(article=article, by=by)
    with transaction.atomic():
        with reversion.create_revision():
            article.updated_by = by if by.is_authenticated else None
            article.save()
            reversion.set_user(article.updated_by)
            if comment:
                reversion.set_comment(comment)
        if follow_up:
            articles_changed(article_ids=[article.pk])


def _move(*, article: Article, by: User, status: Status, comment: str) -> None:
    before = (article.status, article.publish_at)
    article.status = status
    try:
        article_save(article=article, by=by, comment=comment)
    except Exception:
        article.status, article.publish_at = before
        raise


def article_submit_for_review(*, article: Article, by: User) -> None:
    if article.status == Status.REVIEW:
        raise WorkflowError(f"“{article}” is already in review.")
    _move(article=article, by=by, status=Status.REVIEW, comment="Sent for review.")


def article_publish(*, article: Article, by: User, at: datetime | None = None) -> None:
    """Publish now, or at `at`: a future time schedules it, with no job to run."""
    if article.is_public:
        raise WorkflowError(f"“{article}” is already published.")
    now = timezone.now()
    article.publish_at = at or now
    comment = (
        f"Scheduled for {datetime_text(article.publish_at)}."
        if article.publish_at > now
        else "Published."
    )
    _move(article=article, by=by, status=Status.PUBLISHED, comment=comment)


def article_withdraw(*, article: Article, by: User) -> None:
    if article.status != Status.PUBLISHED:
        raise WorkflowError(f"“{article}” is not published, so cannot be withdrawn.")
    _move(article=article, by=by, status=Status.WITHDRAWN, comment="Withdrawn.")


def article_actors_set(
    *, article: Article, entities: list[Entity]
) -> tuple[list[Entity], list[Entity]]:
    """Make `entities` the actors of the saved `article`, within the caller's
    save (the admin form's): returns the actors added and those removed, by name."""
    chosen = {entity.pk: entity for entity in entities}
    linked = {
        link.tag_id: link.tag for link in article.entity_links.select_related("tag")
    }
    added = sorted(
        (e for pk, e in chosen.items() if pk not in linked), key=lambda e: e.name_key
    )
    removed = sorted(
        (e for pk, e in linked.items() if pk not in chosen), key=lambda e: e.name_key
    )
    article.entity_links.filter(tag__in=removed).delete()
    ArticleEntity.objects.bulk_create(
        ArticleEntity(content_object=article, tag=entity) for entity in added
    )
    return added, removed


def publication_gaps(*, article: Article) -> list[str]:
    """What a published piece lacks that readers expect: warned of, not refused."""
    gaps = []
    if not article.standfirst.strip():
        gaps.append("a standfirst")
    if not article.byline.strip() and not article.author_links.exists():
        gaps.append("an author")
    if article.section_id is None:
        gaps.append("a section")
    return gaps


def article_restore(*, article: Article, revision: Revision, by: User) -> list[str]:
    """Bring back the headline, text, actors and authors `article` had in
    `revision`; its corrections stay as they are.

    Returns the names of actors of that revision that no longer exist (and so
    could not come back); an author deleted since is left out of the byline.
    The restore is itself a new revision.
    """
    snapshot = Snapshot.from_revision(revision=revision, article_id=article.pk)
    for name in RESTORED_FIELDS:
        setattr(article, name, snapshot.fields[name])
    existing = set(
        Entity.objects.filter(pk__in=snapshot.actor_ids).values_list("pk", flat=True)
    )
    authors = set(
        Author.objects.filter(pk__in=[pk for pk, _ in snapshot.authors]).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic(), reversion.create_revision():
        # The links change first so that the revision the save records has them.
        article.entity_links.exclude(tag_id__in=existing).delete()
        linked = set(article.entity_links.values_list("tag_id", flat=True))
        ArticleEntity.objects.bulk_create(
            ArticleEntity(content_object=article, tag_id=pk) for pk in existing - linked
        )
        article.author_links.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author_id=pk, order=order)
            for order, (pk, _) in enumerate(snapshot.authors)
            if pk in authors
        )
        article_save(
            article=article,
            by=by,
            comment=f"Restored the version of {datetime_text(revision.date_created)}.",
        )
    return [snapshot.actor_names[pk] for pk in snapshot.actor_ids if pk not in existing]
