"""Running the importer on fuzzed files and judging what it did."""

import json
import re
from contextlib import contextmanager
from datetime import UTC
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from hypothesis import event, note

from articles.models import Article, Status
from authors.names import name_key as author_name_key
from entities.models import Entity, EntityRedirect
from entities.normalization import name_key
from sections.services import section_key

STATE_APPS = ("articles", "authors", "entities", "reversion")


@contextmanager
def rolled_back():
    """One example's writes, undone when it ends, so the next starts from the
    state the test set up (as `hypothesis.extra.django.TestCase` does)."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def fuzz_file(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    # Schemathesis blanks Hypothesis's report of the failing arguments (it
    # swaps out its printer for speed), so the file is noted explicitly.
    note(f"{name}: {content!r}")
    return path


def database_state() -> dict[str, list[dict]]:
    """Every row an import could touch."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in STATE_APPS
        for model in apps.get_app_config(label).get_models()
    }


def import_file(path: Path, *options: str) -> tuple[bool, str]:
    """(True, what it printed) after an import, (False, the error) after a refusal."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", str(path), *options, stdout=out, stderr=err)
    except CommandError:
        return False, err.getvalue()
    return True, out.getvalue()


def assert_import_is_whole_or_nothing(path: Path, *options: str) -> bool:
    """Import `path`: either it is imported, or it is refused with `file:line:
    reason` for a line of the file and nothing is written. Any other exception
    escapes to the caller. True when something may have been written."""
    before = database_state()
    imported, message = import_file(path, *options)
    # For --hypothesis-show-statistics: which outcomes the inputs reach.
    reason = message.partition(": ")[2]
    event("imported" if imported else re.sub(r"'[^']*'", "…", reason)[:50])
    if not imported:
        lines = path.read_bytes().count(b"\n") + 1
        match = re.fullmatch(rf"{re.escape(str(path))}:(\d+): (\S.*)\n", message)
        assert match, f"not a file:line: reason error: {message!r}"
        assert 1 <= int(match[1]) <= lines
    written = imported and "--dry-run" not in options
    if not written:
        assert database_state() == before
    return written


def json_records(path: Path) -> list[dict]:
    """The objects of an imported `.jsonl` file, in file order."""
    text = path.read_bytes().decode("utf-8-sig")
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def assert_pieces_match(records: list[dict], *, published: bool, autotagged: bool):
    """The pieces and their actors in the database are what the lines say, and
    the actors still keep the rules the admin keeps."""
    _assert_vocabulary_is_sound()
    for data in records:
        headline = data["headline"].strip()
        slug = data.get("slug") or slugify(headline)[:200].strip("-")
        article = Article.objects.get(slug=slug)
        assert article.headline == headline
        for name in ("standfirst", "body", "byline"):
            if name in data:
                assert getattr(article, name) == data[name]
        if "section" in data:
            # A section is found by name in any case and spacing, or made.
            filed = article.section.name if article.section else ""
            assert section_key(filed) == section_key(data["section"])
        if published:
            assert article.status == Status.PUBLISHED
        elif "status" in data:
            assert article.status == data["status"]
        if data.get("publish_at"):
            when = parse_datetime(data["publish_at"])
            assert article.publish_at == (
                when if when.tzinfo else when.replace(tzinfo=UTC)
            )
        if "entities" in data:
            _assert_actors_match(article, data["entities"], autotagged=autotagged)
        if "authors" in data:
            _assert_authors_match(article, data["authors"], _author_keys(records))
        if "corrections" in data:
            assert sorted(
                (c.kind, c.text) for c in article.corrections.all()
            ) == sorted(
                (c.get("kind", "correction"), c["text"]) for c in data["corrections"]
            )


def _assert_vocabulary_is_sound() -> None:
    redirected = set(EntityRedirect.objects.values_list("old_slug", flat=True))
    for entity in Entity.objects.prefetch_related("aliases"):
        assert entity.slug not in redirected, entity.slug
        assert entity.name_key and entity.name_key == name_key(entity.name)
        for alias in entity.aliases.all():
            assert alias.name_key not in ("", entity.name_key), alias
            assert alias.name_key == name_key(alias.name)


def _assert_actors_match(article: Article, refs: list, *, autotagged: bool) -> None:
    actors = list(article.entities.prefetch_related("aliases"))
    for ref in refs:
        assert any(_names(actor, ref) for actor in actors), (ref, actors)
    if not autotagged:
        # Autotagging may add actors the text names; without it, no others.
        for actor in actors:
            assert any(_names(actor, ref) for ref in refs), (actor, refs)


def _names(entity, ref) -> bool:
    """Whether the file's reference `ref` is this actor, with what it says of it."""
    keys = {entity.name_key, *(alias.name_key for alias in entity.aliases.all())}
    if isinstance(ref, str):
        return name_key(ref) in keys
    return (
        name_key(ref["name"]) in keys
        and ref.get("kind") in (None, entity.kind)
        and {name_key(alias) for alias in ref.get("aliases", [])} <= keys
        and ref.get("wikidata_id") in (None, "", entity.wikidata_id)
    )


def _author_keys(records: list[dict]) -> set[str]:
    return {
        author_name_key(ref if isinstance(ref, str) else ref["name"])
        for data in records
        for ref in data.get("authors", [])
    }


def _assert_authors_match(article: Article, refs: list, keys: set[str]) -> None:
    """The piece credits an author per reference of its line, two references to
    one author once, each named as the file names them (a later line may rename
    an author by their slug, so by a name from anywhere in the file)."""
    credited = article.authors
    assert len({a.pk for a in credited}) == len(credited)
    assert bool(credited) == bool(refs) and len(credited) <= len(refs)
    assert all(author.name_key in keys for author in credited), (credited, refs)


def assert_text_piece_matches(path: Path) -> None:
    """A `.txt` piece: its first non-empty line is the headline, the rest the body."""
    lines = [
        line.rstrip("\r") for line in path.read_bytes().decode("utf-8-sig").split("\n")
    ]
    while not lines[0].strip():
        lines.pop(0)
    headline = lines[0].strip()
    article = Article.objects.get(slug=slugify(headline)[:200].strip("-"))
    assert article.headline == headline
    assert article.body == "\n".join(lines[1:]).strip()
