import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.related import related_rebuild


class Command(BaseCommand):
    help = (
        "Recompute every piece's related coverage list. With --resume, continue "
        "an interrupted rebuild with the pieces it had not reached."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--resume",
            action="store_true",
            help="Only the pieces not recomputed since the last rebuild started.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Parallel processes (PostgreSQL only; SQLite always uses one).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Pieces written per transaction.",
        )

    def handle(self, *args, resume, workers, batch_size, **options):
        if workers < 1 or batch_size < 1:
            raise CommandError("--workers and --batch-size must be at least 1.")
        with tqdm(desc="related", unit="article", disable=None, file=sys.stderr) as bar:
            done = related_rebuild(
                resume=resume,
                workers=workers,
                batch_size=batch_size,
                on_start=bar.reset,
                on_progress=bar.update,
            )
        self.stdout.write(f"Recomputed related coverage of {done} articles.")
