"""Commands say what they did in one line, nothing else, and fail loudly."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.manage import manage

# Whatever database the suite runs on, these commands must not need one.
NO_DATABASE = {"DATABASE_URL": "sqlite://:memory:"}


def run(*command) -> tuple[list[str], list[str]]:
    out, err = StringIO(), StringIO()
    call_command(*command, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue().splitlines()


def test_a_command_starts_without_banners():
    result = manage("check", **NO_DATABASE)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"
    assert result.stderr == ""


def test_a_failed_import_exits_non_zero_saying_why_in_one_line(tmp_path):
    missing = tmp_path / "missing.jsonl"
    result = manage("import_articles", str(missing), **NO_DATABASE)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{missing}: No such file or directory",
        "CommandError: 1 of 1 files not imported; nothing of them was written.",
    ]


@pytest.mark.django_db
def test_each_command_reports_what_it_did_in_one_line(tmp_path, entity_factory):
    hamas, duplicate = entity_factory(name="Hamas"), entity_factory(name="Hamas2")
    path = tmp_path / "pieces.jsonl"
    path.write_text(
        json.dumps({"slug": "one", "headline": "One", "entities": ["Hamas"]}) + "\n",
        encoding="utf-8",
    )
    assert run("import_articles", str(path)) == (
        [f"{path}: imported 1 articles (1 created, 0 updated, 0 new actors)"],
        [],
    )
    assert run("rebuild_related") == (
        ["Recomputed related coverage of 0 articles."],
        [],
    )
    out, err = run("merge_entities", duplicate.slug, hamas.slug)
    assert len(out) == 1 and err == []
    out, err = run("setup_roles")
    assert len(out) == 1 and out[0].startswith("Set up Reporters (") and err == []
