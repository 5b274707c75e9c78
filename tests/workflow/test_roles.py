from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from articles.roles import EDITORS, REPORTERS

pytestmark = pytest.mark.django_db


def setup_roles() -> str:
    out = StringIO()
    call_command("setup_roles", stdout=out)
    return out.getvalue()


def codenames(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return set(group.permissions.values_list("codename", flat=True))


def test_setup_roles_creates_both_groups_and_is_idempotent():
    first, second = setup_roles(), setup_roles()
    assert first == second
    # 20 before sections: reporters file pieces under a section, editors keep
    # them; 28 with topics, which reporters draft (and pin to) but never publish.
    assert "Reporters (28 permissions)" in first
    # Groups are chosen on each user's page, not under Users → Groups.
    assert "(Users → the user → Groups)" in first
    assert Group.objects.count() == 2
    reporters, editors = codenames(REPORTERS), codenames(EDITORS)
    assert {
        "add_article",
        "change_article",
        "view_entity",
        "add_image",
        "view_section",
    } <= reporters
    assert {"add_section", "change_section", "add_pin", "delete_pin"} <= editors
    assert not {"add_section", "change_section", "add_pin"} & reporters
    assert (
        not {
            "publish_article",
            "withdraw_article",
            "delete_article",
            "edit_entity_text",
            "add_entityalias",
            "delete_image",
        }
        & reporters
    )
    assert {
        "publish_article",
        "withdraw_article",
        "delete_article",
        "change_entity",
        "delete_entity",
        "edit_entity_text",
        "delete_image",
    } <= editors


def test_setup_roles_puts_back_a_permission_taken_away():
    setup_roles()
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.remove(Permission.objects.get(codename="publish_article"))
    setup_roles()
    assert "publish_article" in codenames(EDITORS)


def test_only_editors_correct_while_reporters_credit_authors():
    setup_roles()
    reporters, editors = codenames(REPORTERS), codenames(EDITORS)
    corrections = {"add_correction", "change_correction", "delete_correction"}
    assert corrections <= editors
    assert not corrections & reporters
    assert "view_correction" in reporters
    assert {"add_articleauthor", "delete_articleauthor", "add_author"} <= reporters
    assert not {"change_author", "delete_author"} & reporters
    assert {"change_author", "delete_author", "view_user"} <= editors
