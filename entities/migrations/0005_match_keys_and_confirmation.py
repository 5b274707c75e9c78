import django.db.models.deletion
from django.db import migrations, models

from entities.normalization import match_key


def fill_match_keys(apps, schema_editor):
    for name in ("Entity", "EntityAlias"):
        model = apps.get_model("entities", name)
        rows = list(model.objects.only("pk", "name"))
        for row in rows:
            row.match_key = match_key(row.name)
        model.objects.bulk_update(rows, ["match_key"], batch_size=1000)


class Migration(migrations.Migration):
    """Names matched across transliterations; imported actors to confirm."""

    dependencies = [("entities", "0004_entity_image")]

    operations = [
        migrations.AddField(
            model_name="entity",
            name="match_key",
            field=models.CharField(
                db_index=True, default="", editable=False, max_length=400
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="entityalias",
            name="match_key",
            field=models.CharField(
                db_index=True, default="", editable=False, max_length=400
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_match_keys, migrations.RunPython.noop),
        migrations.AddField(
            model_name="entity",
            name="unconfirmed",
            field=models.BooleanField(
                default=False,
                help_text="Created by an import from a name alone: confirm it "
                "(untick) or merge it into the actor it is.",
                verbose_name="to confirm",
            ),
        ),
        migrations.AddField(
            model_name="entity",
            name="likely_same_as",
            field=models.ForeignKey(
                blank=True,
                help_text="The existing actor whose name this one's is likely a "
                "spelling of.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="entities.entity",
                verbose_name="did you mean",
            ),
        ),
    ]
