"""The data migration that turns free-text sections into Section rows."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("articles", "0010_search_per_language"),
    ("sections", "0001_initial"),
    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ("contenttypes", "0002_remove_content_type_name"),
]
AFTER = [("articles", "0011_sections_and_pins")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_pieces():
    """Pieces as they were with free-text sections, spelt as people type."""
    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    for slug, section in {
        "one": "Middle East",
        "two": "Middle east",
        "three": "Middle East",
        "four": " middle  EAST",
        "five": "Sport",
        "none": "",
    }.items():
        Article.objects.create(headline=slug, slug=slug, section=section)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_free_text_sections_become_one_section_per_name_in_any_case(old_pieces):
    apps = migrate(AFTER)
    Article = apps.get_model("articles", "Article")
    Section = apps.get_model("sections", "Section")
    assert list(Section.objects.order_by("order").values_list("name", "slug")) == [
        ("Middle East", "middle-east"),
        ("Sport", "sport"),
    ]
    assert dict(Article.objects.values_list("slug", "section__name")) == {
        "one": "Middle East",
        "two": "Middle East",
        "three": "Middle East",
        "four": "Middle East",
        "five": "Sport",
        "none": None,
    }


def test_revisions_saved_before_name_the_section_by_key(old_pieces):
    Article = old_pieces.get_model("articles", "Article")
    ContentType = old_pieces.get_model("contenttypes", "ContentType")
    Revision = old_pieces.get_model("reversion", "Revision")
    Version = old_pieces.get_model("reversion", "Version")
    article = Article.objects.get(slug="two")
    # A revision as django-reversion stored it while the section was text.
    stored = Version.objects.create(
        revision=Revision.objects.create(date_created=timezone.now(), comment=""),
        object_id=str(article.pk),
        content_type=ContentType.objects.get(app_label="articles", model="article"),
        db="default",
        format="json",
        serialized_data=json.dumps(
            [
                {
                    "model": "articles.article",
                    "pk": article.pk,
                    "fields": {
                        "headline": "two",
                        "slug": "two",
                        "section": "Middle east",
                    },
                }
            ]
        ),
        object_repr="two",
    )
    apps = migrate(AFTER)
    Section = apps.get_model("sections", "Section")
    data = json.loads(Version.objects.get(pk=stored.pk).serialized_data)
    assert data[0]["fields"]["section"] == Section.objects.get(name="Middle East").pk
