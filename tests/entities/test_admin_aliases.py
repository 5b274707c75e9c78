"""An alias two actors answer to is refused within a kind, confirmed across kinds."""

import pytest
from django.urls import reverse

from entities.models import Entity, Kind
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def vocabulary(entity_factory, alias_factory):
    actors = {
        "hamas": entity_factory(name="Hamas", kind=Kind.ORGANISATION),
        "hezbollah": entity_factory(name="Hezbollah", kind=Kind.ORGANISATION),
        "georgia": entity_factory(name="Georgia", kind=Kind.COUNTRY),
        "meloni": entity_factory(name="Giorgia Meloni", kind=Kind.PERSON),
        "gaza": entity_factory(name="Gaza", kind=Kind.PLACE),
    }
    alias_factory(entity=actors["hezbollah"], name="Party of God")
    return actors


@pytest.fixture
def add_alias(client_for, editor):
    """Post `actor`'s change form with one more alias (and `changes`)."""
    session = client_for(editor)

    def post(actor: Entity, alias: str, **changes):
        change = reverse("admin:entities_entity_change", args=[actor.pk])
        page = session.get(change)
        row = f"aliases-{actor.aliases.count()}"
        fields = {f"{row}-{name}": value for name, value in changes.items()}
        return session.post(
            change, change_form_data(page, **{f"{row}-name": alias, **fields})
        )

    return post


def alias_errors(response) -> list[str]:
    [aliases] = response.context["inline_admin_formsets"]
    return [
        message
        for form in aliases.formset.forms
        for messages in form.errors.values()
        for message in messages
    ]


@pytest.mark.parametrize(
    ("actor", "alias", "other"),
    [
        ("hezbollah", "HAMAS", "the name of “Hamas” (organisation)"),
        ("hamas", "party of god", "an alias of “Hezbollah” (organisation)"),
    ],
)
def test_an_alias_of_another_actor_of_the_same_kind_is_refused_naming_it(
    vocabulary, add_alias, actor, alias, other
):
    actor = vocabulary[actor]
    response = add_alias(actor, alias, shared="on")
    assert response.status_code == 200
    assert alias_errors(response) == [f"“{alias}” is already {other}."]
    assert not actor.aliases.filter(name__iexact=alias).exists()


def test_an_alias_another_kind_of_actor_answers_to_needs_confirming(
    client_for, editor, vocabulary, add_alias
):
    meloni = vocabulary["meloni"]
    response = add_alias(meloni, "Georgia")
    assert response.status_code == 200
    assert alias_errors(response) == [
        "“Georgia” is also the name of “Georgia” (country): tick “Shared with "
        "another kind” to give it to both."
    ]
    assert not meloni.aliases.exists()
    assert add_alias(meloni, "Georgia", shared="on").status_code == 302
    assert [a.name for a in meloni.aliases.all()] == ["Georgia"]
    # Once confirmed it stays so: the next save need not confirm it again.
    change = reverse("admin:entities_entity_change", args=[meloni.pk])
    session = client_for(editor)
    data = change_form_data(session.get(change), description="Italy's prime minister.")
    assert session.post(change, data).status_code == 302


def test_an_alias_stops_the_actor_turning_into_the_kind_it_clashes_with(
    client_for, editor, vocabulary, add_alias
):
    gaza = vocabulary["gaza"]
    assert add_alias(gaza, "Hamas", shared="on").status_code == 302
    change = reverse("admin:entities_entity_change", args=[gaza.pk])
    session = client_for(editor)
    response = session.post(
        change, change_form_data(session.get(change), kind=Kind.ORGANISATION)
    )
    assert response.status_code == 200
    assert alias_errors(response) == [
        "“Hamas” is already the name of “Hamas” (organisation)."
    ]
    gaza.refresh_from_db()
    assert gaza.kind == Kind.PLACE


@pytest.mark.parametrize("who", ["editor", "reporter"])
def test_a_name_that_is_another_actors_alias_of_its_kind_is_refused(
    request, client_for, vocabulary, who
):
    session = client_for(request.getfixturevalue(who))
    add = reverse("admin:entities_entity_add")
    data = {"name": "Party of God", "kind": "organisation"}
    if who == "editor":
        data |= {"aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"}
    response = session.post(add, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "“Party of God” is an alias of “Hezbollah” (organisation)."
    ]
    # Across kinds a name may be shared, as Georgia the country and the person.
    assert session.post(add, data | {"kind": "person"}).status_code == 302
    assert Entity.objects.filter(name="Party of God", kind=Kind.PERSON).exists()
