from django.core.management.base import BaseCommand, CommandError

from entities.merging import MergeError, entity_merge
from entities.models import Entity


class Command(BaseCommand):
    help = (
        "Merge actor SOURCE into actor TARGET (both slugs): its taggings, name and "
        "aliases move to TARGET and its address redirects there."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="SOURCE")
        parser.add_argument("target", metavar="TARGET")

    def handle(self, *args, source, target, **options):
        found = Entity.objects.in_bulk([source, target], field_name="slug")
        for slug in (source, target):
            if slug not in found:
                raise CommandError(f"No actor with slug {slug!r}.")
        try:
            record = entity_merge(source=found[source], target=found[target])
        except MergeError as error:
            raise CommandError(str(error)) from None
        aliases = ", ".join(record.aliases_added) or "none"
        self.stdout.write(
            f"Merged {record.source_name} into {record.target_name}: "
            f"{record.links_moved} taggings moved, "
            f"{record.duplicate_links_dropped} duplicates dropped, "
            f"new aliases: {aliases}. /entities/{source}/ now redirects to "
            f"/entities/{target}/."
        )
