from django.db import migrations, models


def lists_to_rebuild(apps, schema_editor):
    """Lists stored before this know no shared actors: until `rebuild_related`
    (or `--resume`) recomputes them, their pieces are ranked live."""
    apps.get_model("articles", "Article").objects.update(related_refreshed_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_related"),
    ]

    operations = [
        migrations.AddField(
            model_name="relatedarticle",
            name="shared",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(lists_to_rebuild, migrations.RunPython.noop),
    ]
