from pathlib import Path

from django.core.management.base import BaseCommand

from articles.fronts import Pin
from articles.importing import articles_import
from articles.interchange import read_records
from articles.models import Article
from newsroom.page_cache import pages_changed

DEMO_FOLDER = Path(__file__).resolve().parents[2] / "demo"
DEMO_FILE = DEMO_FOLDER / "articles.jsonl"
# Wire copy in IPTC ninjs, taken from the wire and published as it says.
DEMO_WIRE_FILE = DEMO_FOLDER / "wire.json"
# The piece the editors pinned to lead the home page (the import format has no
# pins: they are the desk's, not the piece's).
DEMO_LEAD = "netanyahu-putin-moscow-talks"


class Command(BaseCommand):
    help = "Load the demo pieces and actors once, so a first run has things to browse."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load again, overwriting any edits made to the demo pieces.",
        )

    def handle(self, *args, force, **options):
        records = read_records(DEMO_FILE)
        if (
            not force
            and Article.objects.filter(slug__in=[r.slug for r in records]).exists()
        ):
            self.stdout.write(
                "Demo content is already loaded (use --force to reload it)."
            )
            return
        result = articles_import(records=records)
        self.stdout.write(f"Demo content loaded: {result}.")
        wire = articles_import(records=read_records(DEMO_WIRE_FILE), publish=True)
        self.stdout.write(f"Demo wire copy loaded: {wire}.")
        Pin.objects.get_or_create(
            article=Article.objects.get(slug=DEMO_LEAD), section=None
        )
        pages_changed()
