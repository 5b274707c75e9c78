import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from articles.interchange import (
    MEDIA_FOLDER,
    article_to_record,
    export_file_name,
    record_to_json_line,
)
from articles.models import Article
from images.storage import file_read


class Command(BaseCommand):
    help = (
        "Write all articles as import-format JSON Lines to PATH (- for stdout), "
        "and copy their images' originals into a media/ folder beside PATH."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="-", metavar="PATH")

    def handle(self, *args, path, **options):
        articles = (
            Article.objects.order_by("slug")
            .select_related("image")
            .prefetch_related("entities__aliases", "corrections")
            .with_authors()
            .iterator(chunk_size=1000)
        )
        if path == "-":
            _, images = self._write(articles, sys.stdout)
            if images:
                self.stderr.write(
                    f"{len(images)} image files not copied: give a PATH to have "
                    f"them in {MEDIA_FOLDER}/ beside it."
                )
            return
        with open(path, "w", encoding="utf-8", newline="\n") as stream:
            count, images = self._write(articles, stream)
        media = Path(path).parent / MEDIA_FOLDER
        for name, image in sorted(images.items()):
            media.mkdir(exist_ok=True)
            # The original, byte for byte: what an import of the file stores.
            (media / name).write_bytes(file_read(image.file.name))
        self.stderr.write(f"{path}: {count} articles, {len(images)} images")

    def _write(self, articles, stream) -> tuple[int, dict]:
        count, images = 0, {}
        for article in articles:
            stream.write(record_to_json_line(article_to_record(article)))
            if article.image_id:
                images[export_file_name(article.image)] = article.image
            count += 1
        return count, images
