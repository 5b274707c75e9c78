from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import F

import articles.search
from newsroom.languages import text_search_config

ENGLISH_INDEX = GinIndex(
    SearchVector("headline", weight="A", config="english")
    + SearchVector("standfirst", weight="B", config="english")
    + SearchVector("body", weight="C", config="english"),
    name="article_search_idx",
)
# The same expression as articles.search.SEARCH_VECTOR: PostgreSQL uses an
# expression index only for a query that repeats the expression exactly.
PER_LANGUAGE_INDEX = GinIndex(
    SearchVector("headline", weight="A", config=F("search_config"))
    + SearchVector("standfirst", weight="B", config=F("search_config"))
    + SearchVector("body", weight="C", config=F("search_config")),
    name="article_search_idx",
)


def stamp_configs(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    languages = Article.objects.values_list("language", flat=True).distinct()
    for language in list(languages):
        Article.objects.filter(language=language).update(
            search_config=text_search_config(language)
        )


def index_per_language(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        Article = apps.get_model("articles", "Article")
        schema_editor.remove_index(Article, ENGLISH_INDEX)
        schema_editor.add_index(Article, PER_LANGUAGE_INDEX)


def index_in_english(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        Article = apps.get_model("articles", "Article")
        schema_editor.remove_index(Article, PER_LANGUAGE_INDEX)
        schema_editor.add_index(Article, ENGLISH_INDEX)


class Migration(migrations.Migration):
    """Each piece is stemmed for search in its own language (PostgreSQL)."""

    dependencies = [("articles", "0009_article_language")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_config",
            field=articles.search.TextSearchConfigField(
                default="english", editable=False, max_length=63
            ),
        ),
        migrations.RunPython(stamp_configs, migrations.RunPython.noop),
        migrations.RunPython(index_per_language, index_in_english),
    ]
