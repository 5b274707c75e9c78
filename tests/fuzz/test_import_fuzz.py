"""Property tests of `import_articles`: whatever a file holds, it is imported
as it says or refused with `file:line: reason`, never a crash or half a file."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article
from authors.models import Author
from entities.models import Entity

from .importing import (
    assert_import_is_whole_or_nothing,
    assert_pieces_match,
    assert_text_piece_matches,
    fuzz_file,
    import_file,
    json_records,
    rolled_back,
)
from .strategies import (
    actor_objects,
    import_options,
    json_lines,
    mutated,
    valid_files,
)


@given(content=st.binary(max_size=300), suffix=st.sampled_from(["jsonl", "txt"]))
def test_any_bytes_are_imported_or_refused(newsroom_state, tmp_path, content, suffix):
    path = fuzz_file(tmp_path, f"fuzz.{suffix}", content)
    with rolled_back():
        if assert_import_is_whole_or_nothing(path):
            if suffix == "txt":
                assert_text_piece_matches(path)
            else:
                assert_pieces_match(
                    json_records(path), published=False, autotagged=False
                )


@given(content=json_lines(), options=import_options)
def test_fuzzed_json_lines_are_imported_or_refused(
    newsroom_state, tmp_path, content, options
):
    path = fuzz_file(tmp_path, "fuzz.jsonl", content)
    with rolled_back():
        if assert_import_is_whole_or_nothing(path, *options):
            assert_pieces_match(
                json_records(path),
                published="--publish" in options,
                autotagged="--autotag" in options,
            )


@given(content=json_lines(actor_objects))
def test_fuzzed_actors_are_imported_or_refused(newsroom_state, tmp_path, content):
    path = fuzz_file(tmp_path, "fuzz.jsonl", content)
    with rolled_back():
        if assert_import_is_whole_or_nothing(path):
            assert_pieces_match(json_records(path), published=False, autotagged=False)


def export(folder: Path) -> bytes:
    path = folder / "export.jsonl"
    call_command("export_articles", str(path), stderr=StringIO())
    return path.read_bytes()


@given(content=valid_files)
def test_an_import_exports_and_reimports_into_an_empty_database_identically(
    newsroom_state, tmp_path, content
):
    path = fuzz_file(tmp_path, "valid.jsonl", content)
    with rolled_back():
        if not assert_import_is_whole_or_nothing(path):
            return
        assert_pieces_match(json_records(path), published=False, autotagged=False)
        first = export(tmp_path)
        Article.objects.all().delete()
        Entity.objects.all().delete()
        Author.objects.all().delete()
        copy = fuzz_file(tmp_path, "copy.jsonl", first)
        assert import_file(copy)[0]
        assert export(tmp_path) == first


@given(data=st.data(), content=valid_files)
def test_a_damaged_export_is_imported_or_refused(
    newsroom_state, tmp_path, data, content
):
    path = fuzz_file(tmp_path, "valid.jsonl", content)
    with rolled_back():
        import_file(path)
        damaged = fuzz_file(
            tmp_path, "damaged.jsonl", data.draw(mutated(export(tmp_path)))
        )
        if assert_import_is_whole_or_nothing(damaged):
            assert_pieces_match(
                json_records(damaged), published=False, autotagged=False
            )
