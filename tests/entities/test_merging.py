import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import ArticleEntity
from entities.merging import MergeError, entity_merge
from entities.models import Entity, EntityRedirect, Kind, MergeRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def hezbollah(entity_factory, alias_factory):
    entity = entity_factory(name="Hezbollah", kind=Kind.ORGANISATION)
    alias_factory(entity=entity, name="Hizballah")
    return entity


@pytest.fixture
def duplicate(entity_factory, alias_factory):
    entity = entity_factory(
        name="Hizbollah", kind=Kind.OTHER, wikidata_id="Q41053", description="Dup."
    )
    alias_factory(entity=entity, name="Party of God")
    alias_factory(entity=entity, name="hizballah")
    return entity


def test_merge_moves_every_tagging_once_and_keeps_names_as_aliases(
    hezbollah, duplicate, article_factory, entity_factory
):
    iran = entity_factory(name="Iran")
    both = article_factory(entities=[hezbollah, duplicate, iran])
    only_duplicate = article_factory(entities=[duplicate])
    only_target = article_factory(entities=[hezbollah])

    record = entity_merge(source=duplicate, target=hezbollah)

    assert not Entity.objects.filter(pk=duplicate.pk).exists()
    for article in (both, only_duplicate, only_target):
        assert hezbollah in article.entities.all()
    assert ArticleEntity.objects.filter(tag=hezbollah).count() == 3
    assert ArticleEntity.objects.filter(content_object=both).count() == 2
    assert sorted(hezbollah.aliases.values_list("name", flat=True)) == [
        "Hizballah",
        "Hizbollah",
        "Party of God",
    ]
    hezbollah.refresh_from_db()
    assert hezbollah.wikidata_id == "Q41053"
    assert hezbollah.description == "Dup."
    assert (record.links_moved, record.duplicate_links_dropped) == (1, 1)
    assert record.aliases_added == ["Hizbollah", "Party of God"]


def test_merged_addresses_answer_301_to_the_target_forever(
    client, hezbollah, duplicate, entity_factory, article_factory
):
    iran = entity_factory(name="Iran")
    article_factory(entities=[hezbollah, iran])
    entity_merge(source=duplicate, target=hezbollah)
    assert client.get("/entities/hizbollah/?page=1").headers["Location"] == (
        "/entities/hezbollah/?page=1"
    )
    for path, target in [
        ("/entities/hizbollah/", "/entities/hezbollah/"),
        ("/entities/hizbollah/feed/", "/entities/hezbollah/feed/"),
        ("/entities/hizbollah/atom/", "/entities/hezbollah/atom/"),
        ("/entities/iran+hizbollah/", "/entities/hezbollah+iran/"),
        ("/api/entities/hizbollah", "/api/entities/hezbollah"),
    ]:
        response = client.get(path)
        assert (response.status_code, response.headers["Location"]) == (301, target)

    # Merged again, the oldest address follows the chain in one hop.
    party = entity_factory(name="Hezbollah party")
    entity_merge(source=hezbollah, target=party)
    for old in ("hizbollah", "hezbollah"):
        response = client.get(f"/entities/{old}/")
        assert response.status_code == 301
        assert response.headers["Location"] == "/entities/hezbollah-party/"
        assert client.get(response.headers["Location"]).status_code == 200


def test_merging_into_itself_is_refused_and_changes_nothing(hezbollah):
    with pytest.raises(MergeError):
        entity_merge(source=hezbollah, target=hezbollah)
    assert Entity.objects.filter(pk=hezbollah.pk).exists()
    assert not MergeRecord.objects.exists()


def test_merge_command_reports_and_refuses_unknown_slugs(
    hezbollah, duplicate, article_factory
):
    article_factory(entities=[duplicate])
    with pytest.raises(CommandError, match="No actor with slug 'nobody'"):
        call_command("merge_entities", "nobody", "hezbollah")
    with pytest.raises(CommandError, match="itself"):
        call_command("merge_entities", "hezbollah", "hezbollah")
    assert Entity.objects.count() == 2

    from io import StringIO

    out = StringIO()
    call_command("merge_entities", "hizbollah", "hezbollah", stdout=out)
    assert "1 taggings moved" in out.getvalue()
    assert EntityRedirect.objects.get(old_slug="hizbollah").target == hezbollah


def test_api_counts_after_a_merge_are_exact(
    client, hezbollah, duplicate, entity_factory, article_factory
):
    iran = entity_factory(name="Iran")
    article_factory(entities=[hezbollah, duplicate, iran])
    article_factory(entities=[duplicate, iran])
    article_factory(entities=[duplicate])
    entity_merge(source=duplicate, target=hezbollah)
    data = client.get("/api/entities/hezbollah").json()
    assert data["article_count"] == 3
    assert [(e["slug"], e["count"]) for e in data["related_entities"]] == [("iran", 2)]
    assert data["aliases"] == ["Hizballah", "Hizbollah", "Party of God"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "e@example.org", "pw")


def test_admin_action_merges_after_a_confirmation_page(
    client, editor, hezbollah, duplicate, article_factory
):
    article_factory(entities=[hezbollah, duplicate])
    client.force_login(editor)
    changelist = reverse("admin:entities_entity_changelist")
    response = client.post(
        changelist,
        {"action": "merge_into_another", "_selected_action": [duplicate.pk]},
    )
    merge_url = reverse("admin:entities_entity_merge", args=[duplicate.pk])
    assert response.headers["Location"] == merge_url
    assert "Merge into" in client.get(merge_url).content.decode()

    review = client.post(merge_url, {"target": hezbollah.pk})
    html = review.content.decode()
    assert "drop 1 that is already tagged with both" in html
    assert Entity.objects.filter(pk=duplicate.pk).exists()

    done = client.post(merge_url, {"target": hezbollah.pk, "confirm": "Yes"})
    assert done.status_code == 302
    assert not Entity.objects.filter(pk=duplicate.pk).exists()
    record = MergeRecord.objects.get()
    assert (record.merged_by, record.target) == (editor, hezbollah)
    records = client.get(reverse("admin:entities_mergerecord_changelist"))
    assert "Hizbollah" in records.content.decode()
    assert (
        client.get(
            reverse("admin:entities_mergerecord_change", args=[record.pk])
        ).context["has_change_permission"]
        is False
    )


def test_admin_action_needs_exactly_one_actor_and_the_merge_permission(
    client, django_user_model, hezbollah, duplicate
):
    from django.contrib.auth.models import Permission

    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_entity", "change_entity"])
    )
    client.force_login(clerk)
    merge_url = reverse("admin:entities_entity_merge", args=[duplicate.pk])
    assert (
        client.post(merge_url, {"target": hezbollah.pk, "confirm": "1"}).status_code
        == 403
    )
    clerk.user_permissions.add(Permission.objects.get(codename="merge_entity"))
    response = client.post(
        reverse("admin:entities_entity_changelist"),
        {
            "action": "merge_into_another",
            "_selected_action": [duplicate.pk, hezbollah.pk],
        },
        follow=True,
    )
    assert "Select exactly one actor" in response.content.decode()
    assert Entity.objects.count() == 2


def test_merge_form_finds_targets_with_the_admin_autocomplete(
    client, editor, hezbollah, duplicate
):
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "entities",
            "model_name": "mergerecord",
            "field_name": "target",
            "term": "hezb",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == [
        "Hezbollah — organisation"
    ]


def test_a_merged_slug_stays_reserved_for_its_redirect(
    client, hezbollah, duplicate, entity_factory, article_factory
):
    from django.core.exceptions import ValidationError

    article_factory(entities=[hezbollah])
    entity_merge(source=duplicate, target=hezbollah)
    newcomer = entity_factory(name="Hizbollah", kind=Kind.PERSON)
    assert newcomer.slug == "hizbollah-2"
    assert client.get("/entities/hizbollah/").status_code == 301
    newcomer.slug = "hizbollah"
    with pytest.raises(ValidationError, match="redirects to “Hezbollah”"):
        newcomer.full_clean()


def test_a_merge_that_fails_half_way_changes_nothing(
    monkeypatch, hezbollah, duplicate, article_factory
):
    piece = article_factory(entities=[duplicate])

    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(MergeRecord.objects, "create", fail)
    with pytest.raises(RuntimeError):
        entity_merge(source=duplicate, target=hezbollah)
    assert list(piece.entities.all()) == [duplicate]
    assert list(hezbollah.aliases.values_list("name", flat=True)) == ["Hizballah"]
    assert not EntityRedirect.objects.exists()
