import sys

from django.core.management.base import BaseCommand

from articles.interchange import article_to_record, record_to_json_line
from articles.models import Article


class Command(BaseCommand):
    help = "Write all articles as import-format JSON Lines to PATH (- for stdout)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="-", metavar="PATH")

    def handle(self, *args, path, **options):
        articles = (
            Article.objects.order_by("slug")
            .prefetch_related("entities__aliases", "corrections")
            .with_authors()
            .iterator(chunk_size=1000)
        )
        if path == "-":
            self._write(articles, sys.stdout)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as stream:
                count = self._write(articles, stream)
            self.stderr.write(f"{path}: {count} articles")

    def _write(self, articles, stream) -> int:
        count = 0
        for article in articles:
            stream.write(record_to_json_line(article_to_record(article)))
            count += 1
        return count
