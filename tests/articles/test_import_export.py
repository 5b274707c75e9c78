import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleEntity, Status
from authors.models import Author
from entities.merging import entity_merge
from entities.models import Entity, EntityAlias, Kind

pytestmark = pytest.mark.django_db

HEZBOLLAH = {
    "name": "Hezbollah",
    "kind": "organisation",
    "aliases": ["Hizbollah", "Hizballah"],
    "wikidata_id": "Q41053",
    "description": "Lebanese armed group and party.",
}


def write_jsonl(path, records):
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
        encoding="utf-8",
    )
    return path


def database_state():
    return (
        list(Article.objects.order_by("pk").values()),
        list(Entity.objects.order_by("pk").values()),
        list(EntityAlias.objects.order_by("pk").values()),
        list(ArticleEntity.objects.order_by("pk").values()),
    )


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_seed_text_file_becomes_a_piece_with_every_paragraph(tmp_path, client):
    seed = tmp_path / "seed.txt"
    seed.write_text(
        "\n\nNetanyahu Meets with Putin to Discuss Hezbollah and Hamas Relations\n\n"
        "First paragraph, in Moscow.\n\nSecond paragraph’s text.\n\nThird.\n",
        encoding="utf-8",
    )
    run("import_articles", str(seed), "--publish")
    article = Article.objects.get()
    assert (
        article.slug
        == "netanyahu-meets-with-putin-to-discuss-hezbollah-and-hamas-relations"
    )
    assert article.status == Status.PUBLISHED
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        "Netanyahu Meets with Putin to Discuss Hezbollah and Hamas Relations</h1>"
        in html
    )
    for paragraph in [
        "First paragraph, in Moscow.",
        "Second paragraph’s text.",
        "Third.",
    ]:
        assert f"<p>{paragraph}</p>" in html


def test_text_import_without_publish_is_a_draft(tmp_path):
    path = tmp_path / "piece.txt"
    path.write_text("Headline\n\nBody.", encoding="utf-8")
    run("import_articles", str(path))
    assert Article.objects.get().status == Status.DRAFT


def test_jsonl_import_creates_articles_entities_aliases_and_links(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {
                "slug": "netanyahu-meets-putin",
                "headline": "Netanyahu meets Putin",
                "body": "Body",
                "status": "published",
                "publish_at": "2018-01-29T12:00:00+00:00",
                "entities": [HEZBOLLAH, "Iran"],
            },
            {"headline": "Second piece", "entities": ["Hizballah", "iran"]},
        ],
    )
    out, _ = run("import_articles", str(path))
    assert "2 created" in out
    hezbollah = Entity.objects.get(name="Hezbollah")
    assert hezbollah.kind == Kind.ORGANISATION
    assert hezbollah.wikidata_id == "Q41053"
    assert sorted(hezbollah.aliases.values_list("name", flat=True)) == [
        "Hizballah",
        "Hizbollah",
    ]
    iran = Entity.objects.get(name="Iran")
    assert iran.kind == Kind.OTHER
    second = Article.objects.get(slug="second-piece")
    assert second.status == Status.DRAFT
    assert set(second.entities.all()) == {hezbollah, iran}
    assert Entity.objects.count() == 2


def test_import_upserts_by_slug_and_replaces_tags(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl", [{"slug": "s", "headline": "One", "entities": ["A", "B"]}]
    )
    run("import_articles", str(path))
    write_jsonl(
        path, [{"slug": "s", "headline": "One, corrected", "entities": ["B", "C"]}]
    )
    out, _ = run("import_articles", str(path))
    assert "0 created, 1 updated" in out
    article = Article.objects.get()
    assert article.headline == "One, corrected"
    assert sorted(article.entities.names()) == ["B", "C"]


def test_broken_line_4_aborts_the_file_and_changes_nothing(tmp_path):
    run(
        "import_articles",
        str(write_jsonl(tmp_path / "ok.jsonl", [{"slug": "kept", "headline": "Kept"}])),
    )
    before = database_state()
    path = tmp_path / "broken.jsonl"
    lines = [
        json.dumps({"headline": f"Piece {n}", "entities": [f"New actor {n}"]})
        for n in range(1, 4)
    ]
    lines.append('{"headline": "Piece 4", ')
    lines.append(json.dumps({"headline": "Piece 5"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(f"{path}:4: invalid JSON")
    assert database_state() == before


def assert_second_line_refused(path, reason):
    """The import stops at line 2 of `path`, says why, and writes no piece."""
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(f"{path}:2: ")
    assert reason in err.getvalue()
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ({"body": "no headline"}, "headline is required"),
        ({"headline": "X", "status": "live"}, "status must be one of"),
        (
            {"headline": "X", "publish_at": "yesterday"},
            "publish_at must be an ISO 8601",
        ),
        ({"headline": "X", "colour": "red"}, "unknown field 'colour'"),
        ({"headline": "X", "slug": "has spaces"}, "may only hold letters"),
        (
            {"headline": "X", "entities": [{"name": "Y", "kind": "planet"}]},
            "kind must be one of",
        ),
        (
            {"headline": "X", "entities": [{"name": "Y", "wikidata_id": "41053"}]},
            "wikidata_id must look like",
        ),
        ({"headline": "X", "entities": "Hamas"}, "entities must be a list"),
        ([1, 2], "each line must be a JSON object"),
    ],
)
def test_bad_line_reports_file_line_and_reason_and_writes_nothing(
    tmp_path, line, reason
):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"headline": "Fine"}, line])
    assert_second_line_refused(path, reason)


# Lines the fuzz tests (tests/fuzz/) found crashing the importer, or the
# database halfway through a file, instead of being refused.
@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"headline": "X", "publish_at": "2018-02-30T12:00"}', "publish_at must be"),
        (
            '{"headline": "X", "publish_at": "2018-01-29T12:00+99:00"}',
            "publish_at must",
        ),
        (
            '{"headline": "X", "publish_at": "0001-01-01T00:00+05:00"}',
            "publish_at '0001-01-01T00:00+05:00' is out of range in UTC",
        ),
        ("[" * 5000, "invalid JSON: nested too deeply"),
        ('{"headline": "X", "body": ' + "1" * 5000 + "}", "a number of more than"),
        ('{"headline": "X", "body": "\\ud800"}', "body: a lone surrogate (\\ud800)"),
        ('{"headline": "X", "byline": "a\\u0000b"}', "byline: contains a NUL"),
        (
            json.dumps({"headline": "X", "entities": ["x" * 201]}),
            "an entity name is longer than 200 characters",
        ),
        (
            json.dumps({"headline": "X", "entities": ["\ufdfa" * 12]}),
            "once its ligatures are spelt out",
        ),
        (
            json.dumps({"headline": "X", "entities": ["\u0301"]}),
            "an entity name cannot be empty",
        ),
        (
            json.dumps(
                {"headline": "X", "entities": [{"name": "Y", "aliases": ["y" * 201]}]}
            ),
            "entity 'Y': an alias is longer than 200 characters",
        ),
        (
            json.dumps(
                {
                    "headline": "X",
                    "entities": [{"name": "Y", "wikidata_id": "Q" + "9" * 30}],
                }
            ),
            "wikidata_id must look like Q41053",
        ),
        (
            json.dumps(
                {"headline": "X", "entities": [{"name": "Y", "slug": "s" * 201}]}
            ),
            "is not a valid slug",
        ),
        (
            json.dumps({"headline": "X", "entities": [{"name": "Y", "slug": 5}]}),
            "slug 5 is not a valid slug",
        ),
    ],
)
def test_line_past_what_python_or_the_database_holds_is_refused(tmp_path, line, reason):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"headline": "Fine"}\n' + line + "\n", encoding="utf-8")
    assert_second_line_refused(path, reason)
    assert not Entity.objects.exists()


def test_nul_byte_in_a_text_file_is_refused_at_its_line(tmp_path):
    path = tmp_path / "piece.txt"
    path.write_bytes(b"Headline\n\nFirst line.\nSecond\x00line.\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(f"{path}:4: contains a NUL character")
    assert not Article.objects.exists()


def test_ambiguous_plain_name_is_refused_with_the_line(tmp_path, entity_factory):
    entity_factory(name="Georgia", kind=Kind.COUNTRY)
    entity_factory(name="Georgia", kind=Kind.PERSON)
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {
                "headline": "Tbilisi",
                "entities": [{"name": "Georgia", "kind": "country"}],
            },
            {"headline": "Singer", "entities": ["Georgia"]},
        ],
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}:2: 'Georgia' is ambiguous" in err.getvalue()
    assert not Article.objects.exists()


def test_conflicting_wikidata_id_is_refused(tmp_path, entity_factory):
    entity_factory(name="Hezbollah", wikidata_id="Q41053")
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {
                "headline": "X",
                "entities": [
                    {"name": "Hamas", "kind": "organisation", "wikidata_id": "Q41053"}
                ],
            }
        ],
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert "Q41053 belongs to 'Hezbollah'" in err.getvalue()
    assert not Entity.objects.filter(name="Hamas").exists()


def test_new_actor_cannot_take_the_slug_of_one_merged_away(tmp_path, entity_factory):
    """Found by the fuzz tests: the admin refused it, the importer did not."""
    hezbollah = entity_factory(name="Hezbollah")
    entity_merge(source=entity_factory(name="Hizb Allah"), target=hezbollah)
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [{"headline": "X", "entities": [{"name": "Iran", "slug": "hizb-allah"}]}],
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert (
        f"{path}:1: 'Iran': slug 'hizb-allah' redirects to 'Hezbollah' since a merge"
        in err.getvalue()
    )
    assert not Entity.objects.filter(name="Iran").exists()


def test_non_utf8_and_unknown_files_are_clear_errors(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Headline\n\nCaf\xe9".encode("latin-1"))
    other = tmp_path / "piece.docx"
    other.write_text("x")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_articles",
            str(latin),
            str(other),
            str(tmp_path / "missing.jsonl"),
            stdout=StringIO(),
            stderr=err,
        )
    lines = err.getvalue().splitlines()
    assert lines[0].startswith(f"{latin}:3: not UTF-8")
    assert (
        lines[1] == f"{other}:1: unsupported file type .docx: use .jsonl, .json or .txt"
    )
    assert lines[2].startswith(f"{tmp_path / 'missing.jsonl'}: ")


def test_a_good_file_is_imported_even_when_another_fails(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [{"headline": "Good"}])
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"nope": 1}])
    with pytest.raises(CommandError):
        run("import_articles", str(bad), str(good))
    assert list(Article.objects.values_list("headline", flat=True)) == ["Good"]


def test_dry_run_reports_and_writes_nothing(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl", [{"headline": "One", "entities": [HEZBOLLAH]}]
    )
    out, _ = run("import_articles", str(path), "--dry-run")
    assert "would import 1 articles (1 created, 0 updated, 1 new actors)" in out
    assert not Article.objects.exists()
    assert not Entity.objects.exists()


def test_duplicate_slug_within_a_file_is_refused(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl", [{"headline": "Same"}, {"headline": "Same"}]
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert "2: slug 'same' is already used on line 1" in err.getvalue()


ROUND_TRIP = [
    {
        "slug": "cairo-deal",
        "headline": "Hamas and Fatah sign a deal in Cairo — “final”, says Abbas",
        "standfirst": "ʿAbd al-Fattāḥ al-Sīsī hosted the talks.",
        "body": "Paragraph one.\n\nParagraph two with **bold**.",
        "byline": "Dana Levin",
        "section": "Politics",
        "status": "published",
        "publish_at": "2017-10-12T09:30:00.250000+00:00",
        "entities": [
            HEZBOLLAH,
            {"name": "Georgia", "kind": "country", "slug": "georgia"},
            {"name": "Georgia", "kind": "person", "slug": "georgia-the-singer"},
            "Égypte",
        ],
    },
    {"slug": "draft-piece", "headline": "Unfinished", "status": "draft"},
]


def export_reimport_export(tmp_path):
    """Export, empty the database, import that file and export again."""
    first = tmp_path / "first.jsonl"
    run("export_articles", str(first))
    for model in (ArticleEntity, Article, EntityAlias, Entity, Author):
        model.objects.all().delete()
    run("import_articles", str(first))
    second = tmp_path / "second.jsonl"
    run("export_articles", str(second))
    return first, second


def test_export_import_export_is_identical(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", ROUND_TRIP)
    run("import_articles", str(source))
    first, second = export_reimport_export(tmp_path)
    assert first.read_bytes() == second.read_bytes()
    exported = [
        json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()
    ]
    assert [r["slug"] for r in exported] == ["cairo-deal", "draft-piece"]
    entities = {(e["name"], e["kind"]): e for e in exported[0]["entities"]}
    assert entities[("Hezbollah", "organisation")]["aliases"] == [
        "Hizballah",
        "Hizbollah",
    ]
    assert entities[("Hezbollah", "organisation")]["wikidata_id"] == "Q41053"
    assert entities[("Georgia", "person")]["slug"] == "georgia-the-singer"
    assert entities[("Égypte", "other")]["slug"] == "egypte"
    assert "al-Sīsī" in first.read_text(encoding="utf-8")


def test_an_alias_that_is_another_actors_name_survives_the_round_trip(
    tmp_path, entity_factory, alias_factory, article_factory
):
    """Found by the fuzz tests: re-imported, the second actor was taken for the
    first, whose alias its name is."""
    georgia = entity_factory(name="Georgia")
    alias_factory(entity=georgia, name="Hezbollah")
    article_factory(slug="a-first", entities=[georgia])
    article_factory(slug="b-second", entities=[entity_factory(name="Hezbollah")])
    first, second = export_reimport_export(tmp_path)
    assert first.read_text() == second.read_text()
    second_piece = Article.objects.get(slug="b-second")
    assert list(second_piece.entities.names()) == ["Hezbollah"]


def test_export_to_stdout(capsys, article_factory):
    article_factory(headline="On stdout")
    call_command("export_articles", "-")
    assert json.loads(capsys.readouterr().out)["headline"] == "On stdout"


def test_load_demo_loads_once(client):
    run("load_demo")
    count = Article.objects.count()
    assert count >= 12
    assert Article.objects.published().count() >= 3
    out, _ = run("load_demo")
    assert "already loaded" in out
    assert Article.objects.count() == count
    assert client.get("/entities/hezbollah/").status_code == 200
    aliases = set(
        Entity.objects.get(slug="hezbollah").aliases.values_list("name", flat=True)
    )
    assert {"Hizbollah", "Hizballah"} <= aliases
