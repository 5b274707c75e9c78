"""The editors' desk (the admin's home page): what needs them now, in short lists.

Each list is one query (the actors one: the vocabulary check and two), whatever
the number of pieces; each links to the pieces in the admin and to the whole
list behind it.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from entities.admin import actors_to_confirm_url
from entities.models import Entity
from newsroom.admin import tasks_failed_for_good, tasks_failed_for_good_url
from newsroom.admin_site import DeskItem, DeskPanel

from .autotagging import suggest
from .models import Article, Status

SHOWN = 6
SCHEDULED_WITHIN = timedelta(hours=48)
# How many of the latest edited pieces the actor check reads.
CHECKED_FOR_ACTORS = 30


def _may_see(request) -> bool:
    return request.user.has_perm("articles.view_article")


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _list_url(**filters) -> str:
    return f"{reverse('admin:articles_article_changelist')}?{urlencode(filters)}"


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "an import"


def _items(articles, note=lambda article: "", at=lambda article: None):
    return [
        DeskItem(
            label=article.headline,
            url=_change_url(article),
            note=note(article),
            at=at(article),
        )
        # One more than shown, to tell whether there are more.
        for article in articles[: SHOWN + 1]
    ]


def _panel(title: str, items: list[DeskItem], **kwargs) -> DeskPanel:
    return DeskPanel(title, items=items[:SHOWN], more=len(items) > SHOWN, **kwargs)


def waiting_for_review(request) -> DeskPanel | None:
    if not _may_see(request):
        return None
    pieces = (
        Article.objects.filter(status=Status.REVIEW)
        .select_related("updated_by")
        .order_by("updated_at", "id")
    )
    return _panel(
        "Waiting for review",
        items=_items(
            pieces,
            note=lambda a: f"sent by {_name(a.updated_by)},",
            at=lambda a: a.updated_at,
        ),
        empty="Nothing is waiting for review.",
        more_url=_list_url(status__exact=Status.REVIEW),
    )


def scheduled(request) -> DeskPanel | None:
    if not _may_see(request):
        return None
    until = timezone.now() + SCHEDULED_WITHIN
    pieces = (
        Article.objects.scheduled()
        .filter(publish_at__lte=until)
        .order_by("publish_at", "id")
    )
    return _panel(
        "Scheduled (next 48 hours)",
        items=_items(pieces, note=lambda a: "goes public", at=lambda a: a.publish_at),
        empty="Nothing is scheduled for the next 48 hours.",
        more_url=_list_url(timing="scheduled"),
    )


def overdue(request) -> DeskPanel | None:
    if not _may_see(request):
        return None
    pieces = Article.objects.overdue().order_by("publish_at", "id")
    return _panel(
        "Overdue",
        items=_items(
            pieces,
            note=lambda a: f"{a.get_status_display().lower()}, planned for",
            at=lambda a: a.publish_at,
        ),
        empty="Nothing is overdue.",
        more_url=_list_url(timing="overdue"),
    )


def my_drafts(request) -> DeskPanel | None:
    if not _may_see(request):
        return None
    user = request.user
    mine = Article.objects.filter(
        Q(pk__in=Article.objects.filter(author_links__author__user=user).values("pk"))
        | Q(updated_by=user),
        status=Status.DRAFT,
    ).order_by("-updated_at", "-id")
    return _panel(
        "My drafts",
        items=_items(mine, note=lambda a: "last saved", at=lambda a: a.updated_at),
        empty="You have no drafts: neither as an author nor as their last editor.",
        more_url=_list_url(status__exact=Status.DRAFT),
    )


def recently_published(request) -> DeskPanel | None:
    if not _may_see(request):
        return None
    pieces = Article.objects.published().newest_first()
    return _panel(
        "Recently published",
        items=_items(pieces, note=lambda a: "public since", at=lambda a: a.publish_at),
        empty="Nothing has been published yet.",
        more_url=_list_url(status__exact=Status.PUBLISHED),
    )


def actors_not_tagged(request) -> DeskPanel | None:
    """Of the pieces edited last, those naming known actors they are not tagged
    with (the matcher of `autotag`), with the names found."""
    if not _may_see(request):
        return None
    recent = Article.objects.exclude(status=Status.WITHDRAWN).order_by(
        "-updated_at", "-id"
    )[:CHECKED_FOR_ACTORS]
    found = [result for result in suggest(recent) if result.suggestions]
    return _panel(
        "Actors found but not tagged",
        items=[
            DeskItem(
                label=result.article.headline,
                url=_change_url(result.article),
                note="names "
                + ", ".join(
                    s.entity.name if not s.is_choice else f"{s.found_as[0][0]} (which?)"
                    for s in result.suggestions[:4]
                ),
            )
            for result in found
        ],
        empty="The pieces edited last name no actor they are not tagged with.",
    )


def actors_to_confirm(request) -> DeskPanel | None:
    """Actors imports made from names they could not place for sure, newest
    first, each with the actor it is likely another spelling of."""
    if not request.user.has_perm("entities.change_entity"):
        return None
    actors = (
        Entity.objects.to_confirm()
        .select_related("likely_same_as")
        .order_by("-id")[: SHOWN + 1]
    )
    return _panel(
        "Actors to confirm",
        items=[
            DeskItem(
                label=actor.name,
                url=reverse("admin:entities_entity_change", args=[actor.pk]),
                note=f"{actor.get_kind_display()}"
                + (
                    f", likely {actor.likely_same_as.name}"
                    if actor.likely_same_as
                    else ""
                ),
            )
            for actor in actors
        ],
        empty="Every actor an import made is confirmed.",
        more_url=actors_to_confirm_url(),
    )


def tasks_failed(request) -> DeskPanel | None:
    """Background tasks that failed on their last attempt: work the site
    meant to do and did not (related coverage after an import, say)."""
    if not request.user.has_perm("django_tasks_database.view_dbtaskresult"):
        return None
    failed = list(tasks_failed_for_good()[: SHOWN + 1])
    if not failed:
        # Nothing to say most days: the desk stays about the pieces.
        return None
    return _panel(
        "Background tasks that failed",
        items=[
            DeskItem(
                label=task.task_path.rsplit(".", 1)[-1].replace("_", " "),
                url=reverse(
                    "admin:django_tasks_database_dbtaskresult_change", args=[task.pk]
                ),
                note=task.exception_class_path.rsplit(".", 1)[-1],
                at=task.finished_at,
            )
            for task in failed
        ],
        empty="",
        more_url=tasks_failed_for_good_url(),
    )


PANELS = [
    waiting_for_review,
    scheduled,
    overdue,
    my_drafts,
    recently_published,
    actors_not_tagged,
    actors_to_confirm,
    tasks_failed,
]
