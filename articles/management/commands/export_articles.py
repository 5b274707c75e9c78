import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.interchange import (
    LINE_KINDS,
    MEDIA_FOLDER,
    article_to_record,
    export_file_name,
    record_to_json_line,
)
from articles.models import Article
from articles.ninjs import ninjs_document
from images.storage import file_read


class Command(BaseCommand):
    help = (
        "Write all articles to PATH (- for stdout) as import-format JSON Lines, "
        "or with --format ninjs as a JSON array of IPTC ninjs 3.1 documents; "
        "their images' originals are copied into a media/ folder beside PATH."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="-", metavar="PATH")
        parser.add_argument("--format", choices=["jsonl", "ninjs"], default="jsonl")
        parser.add_argument(
            "--base-url",
            default="",
            metavar="URL",
            help="ninjs: the site's address (https://news.example), which makes "
            "the renditions' addresses absolute.",
        )

    def handle(self, *args, path, format, base_url, **options):
        if base_url and not base_url.startswith(("http://", "https://")):
            raise CommandError("--base-url must start with http:// or https://")
        if format == "ninjs":
            articles = Article.objects.with_entities()
            write = _ninjs_writer(base_url.rstrip("/"))
        else:
            articles = Article.objects.select_related("image").prefetch_related(
                "entities__aliases"
            )
            write = _jsonl
        articles = (
            articles.order_by("slug")
            .prefetch_related("corrections")
            .with_authors()
            .iterator(chunk_size=1000)
        )
        if path == "-":
            _, images = write(articles, sys.stdout, with_original=False)
            if images:
                self.stderr.write(
                    f"{len(images)} image files not copied: give a PATH to have "
                    f"them in {MEDIA_FOLDER}/ beside it."
                )
            return
        with open(path, "w", encoding="utf-8", newline="\n") as stream:
            count, images = write(articles, stream, with_original=True)
        media = Path(path).parent / MEDIA_FOLDER
        for name, image in sorted(images.items()):
            media.mkdir(exist_ok=True)
            # The original, byte for byte: what an import of the file stores.
            (media / name).write_bytes(file_read(image.file.name))
        self.stderr.write(f"{path}: {count} articles, {len(images)} images")


def _ninjs_writer(base_url: str):
    def absolute(address: str) -> str:
        return base_url + address if address.startswith("/") else address

    def write(articles, stream, *, with_original: bool) -> tuple[int, dict]:
        count, images = 0, {}
        stream.write("[")
        for article in articles:
            document = ninjs_document(
                article, absolute=absolute, with_original=with_original
            )
            stream.write(",\n" if count else "\n")
            stream.write(json.dumps(document, ensure_ascii=False, indent=2))
            count += 1
            _remember_image(article, images)
        stream.write("\n]\n")
        return count, images

    return write


def _jsonl(articles, stream, *, with_original: bool) -> tuple[int, dict]:
    count, images = 0, {}
    for article in articles:
        stream.write(record_to_json_line(article_to_record(article)))
        _remember_image(article, images)
        count += 1
    # Then the other kinds of line, which name the articles.
    for kind, line_kind in sorted(LINE_KINDS.items()):
        for record in line_kind.export():
            stream.write(record_to_json_line({"type": kind, **record}))
    return count, images


def _remember_image(article: Article, images: dict) -> None:
    if article.image_id:
        images[export_file_name(article.image)] = article.image
