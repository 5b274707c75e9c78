"""Authors and corrections in the JSON Lines format, in and out."""

import json
from datetime import UTC, datetime

import pytest

from articles.models import Article, Correction
from authors.models import Author
from tests.articles.test_import_export import (
    assert_second_line_refused,
    export_reimport_export,
    run,
    write_jsonl,
)

pytestmark = pytest.mark.django_db

KARIM = {
    "name": "Karim Haddad",
    "slug": "karim-haddad",
    "role": "Cairo correspondent",
    "bio": "Reports from *Cairo*.",
    "website": "https://karim.example/",
    "links": ["https://social.example/@karim", "https://other.example/karim"],
    "wikidata_id": "Q4115189",
}


def credited(slug: str) -> list[str]:
    return [a.name for a in Article.objects.get(slug=slug).authors]


def test_authors_named_are_found_by_name_or_created_in_byline_order(
    tmp_path, author_factory
):
    elena = author_factory(name="Elena Sokolova")
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "slug": "a",
                "headline": "A",
                "authors": ["elena  SOKOLOVA", "Dana Levin"],
            },
            {"slug": "b", "headline": "B", "authors": ["Dana Levin", "Elena Sokolova"]},
        ],
    )
    out, _ = run("import_articles", str(path))
    assert "1 new authors" in out
    assert credited("a") == ["Elena Sokolova", "Dana Levin"]
    assert credited("b") == ["Dana Levin", "Elena Sokolova"]
    assert Author.objects.count() == 2
    assert Article.objects.get(slug="a").authors[0] == elena


def test_an_author_object_sets_slug_role_bio_and_links(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [{"headline": "A", "authors": [KARIM]}])
    run("import_articles", str(path))
    karim = Author.objects.get()
    assert (karim.slug, karim.role, karim.bio, karim.website, karim.wikidata_id) == (
        "karim-haddad",
        "Cairo correspondent",
        "Reports from *Cairo*.",
        "https://karim.example/",
        "Q4115189",
    )
    assert karim.profile_urls == KARIM["links"]
    # The slug names the author: a later file may rename them and change the role.
    renamed = {"name": "Karim al-Haddad", "slug": "karim-haddad", "role": "Editor"}
    write_jsonl(path, [{"headline": "A", "authors": [renamed]}])
    run("import_articles", str(path))
    karim.refresh_from_db()
    assert (karim.name, karim.role, karim.bio) == (
        "Karim al-Haddad",
        "Editor",
        "Reports from *Cairo*.",
    )


def test_authors_and_corrections_left_out_are_kept_and_an_empty_list_clears(
    tmp_path,
):
    path = tmp_path / "in.jsonl"
    correction = {"at": "2018-01-30T09:00:00+00:00", "kind": "update", "text": "More."}
    write_jsonl(
        path,
        [
            {
                "slug": "a",
                "headline": "A",
                "authors": [KARIM],
                "corrections": [correction],
            }
        ],
    )
    run("import_articles", str(path))
    write_jsonl(path, [{"slug": "a", "headline": "A again"}])
    run("import_articles", str(path))
    assert credited("a") == ["Karim Haddad"]
    (kept,) = Correction.objects.all()
    assert (kept.at, kept.kind, kept.text) == (
        datetime(2018, 1, 30, 9, tzinfo=UTC),
        "update",
        "More.",
    )
    write_jsonl(
        path, [{"slug": "a", "headline": "A", "authors": [], "corrections": []}]
    )
    run("import_articles", str(path))
    assert credited("a") == []
    assert not Correction.objects.exists()


def test_a_name_two_authors_share_is_refused_rather_than_guessed(
    tmp_path, author_factory
):
    author_factory(name="Sam Jones", slug="sam-jones")
    author_factory(name="Sam Jones", slug="sam-jones-2")
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [{"headline": "Fine"}, {"headline": "X", "authors": ["Sam Jones"]}],
    )
    assert_second_line_refused(path, "author 'Sam Jones' is ambiguous")
    by_slug = [{"name": "Sam Jones", "slug": "sam-jones-2"}]
    write_jsonl(path, [{"headline": "X", "authors": by_slug}])
    run("import_articles", str(path))
    assert Article.objects.get().authors[0].slug == "sam-jones-2"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ({"headline": "X", "authors": "Dana Levin"}, "authors must be a list"),
        ({"headline": "X", "authors": [7]}, "each author must be a name"),
        ({"headline": "X", "authors": [" "]}, "an author's name cannot be empty"),
        ({"headline": "X", "authors": [{"role": "Editor"}]}, "needs a non-empty name"),
        (
            {"headline": "X", "authors": [{"name": "Y", "colour": "red"}]},
            "unknown author field 'colour'",
        ),
        (
            {"headline": "X", "authors": [{"name": "Y", "slug": "a b"}]},
            "author 'Y': slug 'a b' is not a valid slug",
        ),
        (
            {"headline": "X", "authors": [{"name": "Y", "role": "r" * 201}]},
            "author 'Y': role is longer than 200 characters",
        ),
        (
            {"headline": "X", "authors": [{"name": "Y", "website": "karim.example"}]},
            "author 'Y': website: Enter a valid URL",
        ),
        (
            {"headline": "X", "authors": [{"name": "Y", "links": ["javascript:x"]}]},
            "author 'Y': links: Give one full address",
        ),
        (
            {"headline": "X", "authors": [{"name": "Y", "wikidata_id": "41"}]},
            "wikidata_id must look like",
        ),
        ({"headline": "X", "corrections": {"text": "t"}}, "corrections must be a list"),
        ({"headline": "X", "corrections": ["t"]}, "each correction must be an object"),
        ({"headline": "X", "corrections": [{"text": " "}]}, "needs a non-empty text"),
        (
            {"headline": "X", "corrections": [{"text": "t", "kind": "erratum"}]},
            "a correction's kind must be one of correction, clarification, update",
        ),
        (
            {"headline": "X", "corrections": [{"text": "t", "at": "soon"}]},
            "a correction's at must be an ISO 8601",
        ),
        (
            {"headline": "X", "corrections": [{"text": "t", "by": "me"}]},
            "unknown correction field 'by'",
        ),
    ],
)
def test_a_bad_author_or_correction_refuses_the_file(tmp_path, line, reason):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"headline": "Fine"}, line])
    assert_second_line_refused(path, reason)
    assert not Author.objects.exists()


def test_a_wikidata_id_of_another_author_is_refused(tmp_path, author_factory):
    author_factory(name="Somebody Else", wikidata_id="Q4115189")
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [{"headline": "Fine"}, {"headline": "X", "authors": [KARIM]}],
    )
    assert_second_line_refused(path, "wikidata_id Q4115189 belongs to 'Somebody Else'")


def test_export_import_export_with_authors_and_corrections_is_identical(tmp_path):
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "slug": "cairo-deal",
                "headline": "Hamas and Fatah sign a deal in Cairo",
                "byline": "Staff and agencies",
                "status": "published",
                "publish_at": "2017-10-12T09:30:00+00:00",
                "authors": ["Dana Levin", KARIM, "Élise Moreau"],
                "corrections": [
                    {"at": "2017-10-13T08:00:00+00:00", "text": "Names the mediator."},
                    {
                        "at": "2017-10-12T18:00:00.250000+05:30",
                        "kind": "clarification",
                        "text": "“Final”, says Abbas — his word.",
                    },
                ],
            },
            {"slug": "draft", "headline": "Unfinished", "authors": ["Dana Levin"]},
        ],
    )
    run("import_articles", str(source))
    first, second = export_reimport_export(tmp_path)
    assert first.read_bytes() == second.read_bytes()
    deal, draft = [json.loads(line) for line in first.read_text().splitlines()]
    assert [a["name"] for a in deal["authors"]] == [
        "Dana Levin",
        "Karim Haddad",
        "Élise Moreau",
    ]
    assert deal["authors"][1] == KARIM
    assert deal["corrections"] == [
        {
            "at": "2017-10-12T12:30:00.250000+00:00",
            "kind": "clarification",
            "text": "“Final”, says Abbas — his word.",
        },
        {
            "at": "2017-10-13T08:00:00+00:00",
            "kind": "correction",
            "text": "Names the mediator.",
        },
    ]
    assert draft["authors"] == [deal["authors"][0]]
    assert Author.objects.count() == 3


def test_the_demo_content_credits_authors_with_bios_and_a_correction(client):
    run("load_demo")
    assert all(author.bio and author.role for author in Author.objects.all())
    assert credited("netanyahu-putin-moscow-talks") == [
        "Elena Sokolova",
        "Karim Haddad",
    ]
    assert len(credited("analysis-hamas-hezbollah-iran-realignment")) == 3
    wire = Article.objects.get(
        slug="gaza-blast-targets-palestinian-prime-minister-convoy"
    )
    assert (wire.byline, [a.name for a in wire.authors]) == (
        "Dana Levin and agencies",
        ["Dana Levin"],
    )
    html = client.get("/articles/netanyahu-putin-moscow-talks/").content.decode()
    assert "Correction, <time" in html
    assert client.get("/authors/elena-sokolova/").status_code == 200
