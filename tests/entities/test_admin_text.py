"""What readers see about an actor is written by editors, whatever a reporter posts."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from entities.models import Entity, Kind
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:entities_entity_add")
HOSTILE_TEXT = {
    "slug": "criminal",
    "description": "This person is a criminal.",
    "wikidata_id": "Q42",
    "aliases-TOTAL_FORMS": "1",
    "aliases-INITIAL_FORMS": "0",
    "aliases-0-name": "The criminal",
}


@pytest.fixture
def sinwar(entity_factory, alias_factory, article_factory):
    actor = entity_factory(
        name="Yahya Sinwar", kind=Kind.PERSON, description="Hamas leader in Gaza."
    )
    alias_factory(entity=actor, name="Abu Ibrahim")
    article_factory(entities=[actor])
    return actor


@pytest.fixture
def reporter_with_change(reporter):
    """A reporter also allowed to change actors: the text stays out of reach."""
    reporter.user_permissions.add(Permission.objects.get(codename="change_entity"))
    return reporter


@pytest.mark.parametrize("query", ["", "?_to_field=id&_popup=1"])
def test_a_reporter_adds_an_actor_by_name_and_kind_alone(client_for, reporter, query):
    session = client_for(reporter)
    page = session.get(ADD + query)
    assert list(page.context["adminform"].form.fields) == ["name", "kind"]
    assert page.context["inline_admin_formsets"] == []
    response = session.post(
        ADD + query, {"name": "Yahya Sinwar", "kind": "person", **HOSTILE_TEXT}
    )
    assert response.status_code in (200, 302)
    actor = Entity.objects.get(name="Yahya Sinwar")
    assert (actor.kind, actor.description, actor.wikidata_id) == ("person", "", "")
    assert actor.slug == "yahya-sinwar"
    assert not actor.aliases.exists()


def test_a_reporters_post_leaves_an_actors_text_as_readers_see_it(
    client, client_for, reporter, reporter_with_change, sinwar
):
    change = reverse("admin:entities_entity_change", args=[sinwar.pk])
    session = client_for(reporter_with_change)
    page = session.get(change)
    form = page.context["adminform"].form
    assert "description" not in form.fields and "wikidata_id" not in form.fields
    [aliases] = page.context["inline_admin_formsets"]
    assert not aliases.has_add_permission and not aliases.has_change_permission
    assert not aliases.has_delete_permission
    data = change_form_data(
        page,
        description="This person is a criminal.",
        wikidata_id="Q42",
        **{"aliases-0-name": "The criminal", "aliases-0-DELETE": "on"},
    )
    assert session.post(change, data).status_code == 302
    sinwar.refresh_from_db()
    assert sinwar.description == "Hamas leader in Gaza."
    assert [a.name for a in sinwar.aliases.all()] == ["Abu Ibrahim"]
    html = client.get(sinwar.get_absolute_url()).content.decode()
    assert "Hamas leader in Gaza." in html and "Abu Ibrahim" in html
    assert "criminal" not in html
    api = client.get(f"/api/entities/{sinwar.slug}").json()
    assert (api["description"], api["aliases"]) == (
        "Hamas leader in Gaza.",
        ["Abu Ibrahim"],
    )


def test_an_editors_change_to_an_actors_text_shows_to_readers(
    client, client_for, editor, sinwar
):
    change = reverse("admin:entities_entity_change", args=[sinwar.pk])
    session = client_for(editor)
    page = session.get(change)
    data = change_form_data(
        page,
        description="Leader of Hamas in Gaza since 2017.",
        wikidata_id="Q3571929",
        **{"aliases-1-name": "Sinwar"},
    )
    assert session.post(change, data).status_code == 302
    html = client.get(sinwar.get_absolute_url()).content.decode()
    assert "Leader of Hamas in Gaza since 2017." in html
    assert "Abu Ibrahim, Sinwar" in html
    assert "Q3571929" in html


def test_only_editors_may_write_actors_text(reporter, editor):
    assert editor.has_perm("entities.edit_entity_text")
    assert not reporter.has_perm("entities.edit_entity_text")
