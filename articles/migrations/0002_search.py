from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# The same expression as articles.search.SEARCH_VECTOR: PostgreSQL uses an
# expression index only for a query that repeats the expression exactly.
SEARCH_INDEX = GinIndex(
    SearchVector("headline", weight="A", config="english")
    + SearchVector("standfirst", weight="B", config="english")
    + SearchVector("body", weight="C", config="english"),
    name="article_search_idx",
)


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), SEARCH_INDEX)


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), SEARCH_INDEX)


class Migration(migrations.Migration):
    """Full-text search index, on PostgreSQL only (SQLite has no GIN indexes)."""

    dependencies = [("articles", "0001_initial")]

    operations = [
        migrations.RunPython(add_search_index, remove_search_index),
    ]
