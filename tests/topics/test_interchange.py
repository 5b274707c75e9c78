import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleEntity, Status
from authors.models import Author
from entities.models import Entity, EntityAlias
from topics.models import Topic
from topics.ranking import topic_articles

pytestmark = pytest.mark.django_db

PIECES = [
    {
        "slug": "all-three",
        "headline": "Hamas, Hezbollah and Iran coordinate",
        "status": "published",
        "publish_at": "2018-01-10T12:00:00+00:00",
        "entities": ["Hamas", "Hezbollah", "Iran"],
    },
    {
        "slug": "hamas-iran",
        "headline": "Iran funds Hamas",
        "status": "published",
        "publish_at": "2018-01-20T12:00:00+00:00",
        "entities": ["Hamas", "Iran"],
    },
    {
        "slug": "hamas-egypt",
        "headline": "Egypt mediates with Hamas",
        "status": "published",
        "publish_at": "2018-01-25T12:00:00+00:00",
        "entities": ["Hamas", "Iran", {"name": "Egypt", "kind": "country"}],
    },
    {
        "slug": "hamas-only",
        "headline": "Hamas in Gaza",
        "status": "published",
        "publish_at": "2018-01-26T12:00:00+00:00",
        "entities": ["Hamas"],
    },
    {
        "slug": "draft-axis",
        "headline": "Unfinished",
        "status": "draft",
        "entities": ["Hamas", "Hezbollah"],
    },
]
TOPIC = {
    "type": "topic",
    "slug": "hamas-hezbollah-iran",
    "title": "Hamas, Hezbollah and Iran",
    "intro": "The *axis* and its fronts.",
    "status": "published",
    "all_of": ["Hamas"],
    "any_of": ["Hezbollah", "Iran"],
    "min_shared": 1,
    "none_of": [{"name": "Egypt", "kind": "country"}],
    "since": None,
    "until": None,
    "pinned": ["hamas-only"],
    "excluded": [],
}


def write_jsonl(path, records):
    path.write_text(
        "".join(json.dumps(record) + "\n" for record in records), encoding="utf-8"
    )
    return path


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_imported_topic_lists_exactly_its_rule_pinned_first(tmp_path):
    path = write_jsonl(tmp_path / "axis.jsonl", [TOPIC, *PIECES])
    out, _ = run("import_articles", str(path))
    assert "1 topics" in out
    topic = Topic.objects.get()
    assert [piece.slug for piece in topic_articles(topic=topic)] == [
        "hamas-only",
        "all-three",
        "hamas-iran",
    ]


def test_a_bad_topic_line_refuses_the_whole_file(tmp_path):
    bad = {**TOPIC, "pinned": ["nowhere"]}
    path = write_jsonl(tmp_path / "bad.jsonl", [*PIECES, bad])
    with pytest.raises(CommandError):
        _, err = run("import_articles", str(path))
    assert not Article.objects.exists()
    assert not Topic.objects.exists()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"min_shared": 3}, "min_shared 3"),
        ({"all_of": [], "any_of": []}, "needs an actor"),
        ({"since": "2018-02-30"}, "since must be a date"),
        ({"status": "review"}, "status must be one of draft, published"),
        ({"colour": "red"}, "unknown topic field 'colour'"),
        ({"title": ""}, "title is required"),
        ({"none_of": ["Hamas"]}, "one part of a topic's rule only"),
    ],
)
def test_a_bad_topic_line_is_reported_with_its_line(tmp_path, change, reason):
    path = write_jsonl(tmp_path / "bad.jsonl", [*PIECES, {**TOPIC, **change}])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert "bad.jsonl:6: " in err.getvalue()
    assert reason in err.getvalue()
    assert not Article.objects.exists()


def test_an_unknown_type_is_a_bad_line(tmp_path):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"type": "poll", "title": "x"}])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert "bad.jsonl:1: type must be one of topic" in err.getvalue()


def test_a_topic_line_updates_the_topic_of_its_slug(tmp_path):
    run("import_articles", str(write_jsonl(tmp_path / "a.jsonl", [*PIECES, TOPIC])))
    again = {**TOPIC, "title": "The axis", "min_shared": 2, "pinned": []}
    run("import_articles", str(write_jsonl(tmp_path / "b.jsonl", [again])))
    topic = Topic.objects.get()
    assert topic.title == "The axis"
    assert [piece.slug for piece in topic_articles(topic=topic)] == ["all-three"]


def test_export_import_export_with_topics_is_identical(tmp_path):
    draft_topic = {
        "type": "topic",
        "title": "Iran since 2018",
        "any_of": ["Iran", "Hezbollah"],
        "min_shared": 2,
        "since": "2018-01-01",
        "until": "2018-12-31",
        "excluded": ["hamas-iran"],
    }
    run(
        "import_articles",
        str(write_jsonl(tmp_path / "in.jsonl", [*PIECES, TOPIC, draft_topic])),
    )
    first = tmp_path / "first.jsonl"
    run("export_articles", str(first))
    for model in (Topic, ArticleEntity, Article, EntityAlias, Entity, Author):
        model.objects.all().delete()
    run("import_articles", str(first))
    second = tmp_path / "second.jsonl"
    run("export_articles", str(second))
    assert first.read_bytes() == second.read_bytes()
    lines = [json.loads(line) for line in first.read_text().splitlines()]
    topics = [line for line in lines if line.get("type") == "topic"]
    # After the articles, by slug.
    assert lines[-2:] == topics
    assert [t["slug"] for t in topics] == ["hamas-hezbollah-iran", "iran-since-2018"]
    assert topics[0]["pinned"] == ["hamas-only"]
    assert topics[0]["none_of"][0]["kind"] == "country"
    assert topics[1]["status"] == Status.DRAFT
    assert topics[1]["excluded"] == ["hamas-iran"]
