import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importing import articles_import
from articles.interchange import ArticleRecord, FormatError, read_records


class Command(BaseCommand):
    help = (
        "Import articles from JSON Lines (.jsonl), plain text (.txt) or IPTC "
        "ninjs (.json) files, upserting by slug (ninjs: by uri, a newer version "
        "only). Each file is imported whole or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--publish", action="store_true", help="Publish every imported piece."
        )
        parser.add_argument(
            "--autotag",
            action="store_true",
            help="Also tag each piece with the known actors it names (never "
            "ambiguous names), in the same transaction.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the files and report what would change, writing nothing.",
        )

    def handle(self, *args, paths, publish, dry_run, autotag, **options):
        failed = 0
        for path in paths:
            try:
                records = read_records(path)
                with tqdm(
                    total=sum(isinstance(r, ArticleRecord) for r in records),
                    desc=path.name,
                    unit="article",
                    disable=None,
                    file=sys.stderr,
                    leave=False,
                ) as bar:
                    result = articles_import(
                        records=records,
                        publish=publish,
                        dry_run=dry_run,
                        autotag=autotag,
                        on_progress=bar.update,
                    )
            except FormatError as error:
                self.stderr.write(f"{path}:{error.line}: {error.reason}")
                failed += 1
                continue
            except OSError as error:
                self.stderr.write(f"{path}: {error.strerror or error}")
                failed += 1
                continue
            prefix = "would import" if dry_run else "imported"
            taken = result.created + result.updated
            self.stdout.write(f"{path}: {prefix} {taken} articles ({result})")
            for line, why in result.skipped:
                self.stdout.write(f"{path}:{line}: {why}")
            if result.unmapped:
                self.stdout.write(
                    f"{path}: no home here for {', '.join(sorted(result.unmapped))} "
                    "(not imported)"
                )
            for line, likely in result.likely_matches:
                self.stdout.write(f"{path}:{line}: {likely}")
        if failed:
            raise CommandError(
                f"{failed} of {len(paths)} files not imported; "
                "nothing of them was written."
            )
