import json

import django.db.models.deletion
from django.db import migrations, models


def free_text_to_sections(apps, schema_editor):
    """Each distinct section name, compared in any case and spacing, becomes one
    Section (spelt as most pieces spell it); each piece points at its own, and
    its stored revisions name it by key as the field now does."""
    Article = apps.get_model("articles", "Article")
    Section = apps.get_model("sections", "Section")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")

    def key(name):
        return " ".join(name.split()).lower()

    spellings = {}
    for name, count in (
        Article.objects.exclude(section_name="")
        .values_list("section_name")
        .annotate(count=models.Count("id"))
        .order_by("section_name")
    ):
        if key(name):
            spellings.setdefault(key(name), []).append((-count, " ".join(name.split())))
    sections = {}
    taken = set()
    for order, (k, names) in enumerate(sorted(spellings.items())):
        name = min(names)[1]
        sections[k] = Section.objects.create(
            name=name, slug=_slug(name, taken), order=order
        )
    for name in Article.objects.exclude(section_name="").values_list(
        "section_name", flat=True
    ).distinct():
        if key(name):
            Article.objects.filter(section_name=name).update(section=sections[key(name)])

    article_type = ContentType.objects.filter(app_label="articles", model="article")
    for version in Version.objects.filter(content_type__in=article_type):
        data = json.loads(version.serialized_data)
        for item in data:
            fields = item.get("fields", {})
            name = fields.get("section")
            if isinstance(name, str):
                section = sections.get(key(name))
                fields["section"] = section.pk if section else None
        version.serialized_data = json.dumps(data)
        version.save(update_fields=["serialized_data"])


def _slug(name, taken):
    from django.utils.text import slugify

    base = slugify(name)[:94].strip("-") or "section"
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(slug)
    return slug


def sections_to_free_text(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.exclude(section=None).select_related("section"):
        Article.objects.filter(pk=article.pk).update(section_name=article.section.name)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0010_search_per_language"),
        ("sections", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_section_idx",
        ),
        migrations.RenameField(
            model_name="article", old_name="section", new_name="section_name"
        ),
        migrations.AddField(
            model_name="article",
            name="section",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="sections.section",
            ),
        ),
        migrations.RunPython(free_text_to_sections, sections_to_free_text),
        migrations.RemoveField(model_name="article", name="section_name"),
        migrations.CreateModel(
            name="Pin",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "ordering",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Pins are shown from the lowest number up."
                    ),
                ),
                (
                    "expires_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="The pin lets go at this time; empty: it stays until removed.",
                        null=True,
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pins",
                        to="articles.article",
                    ),
                ),
                (
                    "section",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: the home page.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pins",
                        to="sections.section",
                        verbose_name="front",
                    ),
                ),
            ],
            options={
                "verbose_name": "pin",
                "verbose_name_plural": "front-page pins",
                "ordering": [
                    models.OrderBy(models.F("section__order"), nulls_first=True),
                    "section__name",
                    "ordering",
                    "id",
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="pin",
            constraint=models.UniqueConstraint(
                fields=("article", "section"),
                name="pin_article_section_unique",
                violation_error_message="This piece is pinned to that front already.",
            ),
        ),
        migrations.AddConstraint(
            model_name="pin",
            constraint=models.UniqueConstraint(
                condition=models.Q(("section__isnull", True)),
                fields=("article",),
                name="pin_article_home_unique",
                violation_error_message="This piece is pinned to the home page already.",
            ),
        ),
    ]
