"""The newsroom's two roles as Django groups: what reporters and editors may do."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

REPORTERS = "Reporters"
EDITORS = "Editors"

# Reporters write, credit, file (under an existing section) and tag drafts
# and may add a missing actor, by name and kind only (what readers see about
# an actor is an editor's: entities/admin.py), or a missing author. The
# workflow (articles/workflow.py) keeps them off published pieces, and
# corrections are the editors' to add, edit or delete. They draft topics
# (their rule and pins) too; publishing one is an editor's (topics/admin.py).
# Topics sit above this app: their permissions are named, never imported.
_REPORTER_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_articleentity",
    "articles.change_articleentity",
    "articles.delete_articleentity",
    "articles.view_articleentity",
    "articles.add_articleauthor",
    "articles.change_articleauthor",
    "articles.delete_articleauthor",
    "articles.view_articleauthor",
    "articles.view_correction",
    "authors.add_author",
    "authors.view_author",
    "entities.add_entity",
    "entities.view_entity",
    "entities.view_entityalias",
    "images.add_image",
    "images.change_image",
    "images.view_image",
    "sections.view_section",
    "topics.add_topic",
    "topics.change_topic",
    "topics.view_topic",
    "topics.add_topicpin",
    "topics.change_topicpin",
    "topics.delete_topicpin",
    "topics.view_topicpin",
]


def _permissions(names: list[str]) -> Q:
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return query


@transaction.atomic
def roles_setup() -> dict[str, int]:
    """Create or update both groups to exactly their permissions; safe to rerun.

    Editors get every permission of the content, vocabulary and media apps
    (sections and pins, the fronts, and topics included), so permissions
    added later (such as merging actors) reach them on the next run; they may
    look up staff accounts to link one to its author, and see the background
    tasks' results, so that a failed one does not go unnoticed.
    """
    wanted = {
        REPORTERS: Permission.objects.filter(_permissions(_REPORTER_PERMISSIONS)),
        EDITORS: Permission.objects.filter(
            Q(
                content_type__app_label__in=[
                    "articles",
                    "entities",
                    "authors",
                    "images",
                    "sections",
                    "topics",
                ]
            )
            | _permissions(
                ["auth.view_user", "django_tasks_database.view_dbtaskresult"]
            )
        ),
    }
    counts = {}
    for name, permissions in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
