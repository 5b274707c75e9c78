"""Sections as a vocabulary: one per name in any case, found or made by imports."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from articles.models import Article
from sections.models import Section
from sections.services import section_for_name, sections_for_names

pytestmark = pytest.mark.django_db


def test_a_name_is_unique_in_any_case():
    Section.objects.create(name="Middle East")
    with pytest.raises(ValidationError, match="exists already"):
        Section(name="middle EAST").full_clean()


def test_a_section_gets_a_slug_from_its_name():
    assert Section.objects.create(name="Middle East").slug == "middle-east"
    assert Section.objects.create(name="Middle-East!").slug == "middle-east-2"


def test_names_find_their_section_in_any_case_or_make_it(
    django_assert_max_num_queries,
):
    existing = Section.objects.create(name="Middle East")
    # The lookup, then the new one's slug and insert.
    with django_assert_max_num_queries(3):
        found = sections_for_names(names=["middle EAST", "Middle  east ", "Sport"])
    assert found["middle east"] == existing
    assert found["sport"].name == "Sport"
    assert Section.objects.count() == 2
    assert section_for_name(name="  ") is None


def import_lines(tmp_path, *records) -> str:
    path = tmp_path / "pieces.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_an_import_files_a_piece_under_the_existing_section_in_any_case(tmp_path):
    middle_east = Section.objects.create(name="Middle East")
    import_lines(
        tmp_path,
        {"slug": "a", "headline": "A", "section": "middle EAST"},
        {"slug": "b", "headline": "B", "section": "Economy"},
        {"slug": "c", "headline": "C", "section": "economy"},
        {"slug": "d", "headline": "D"},
    )
    sections = dict(Article.objects.values_list("slug", "section__name"))
    assert sections == {"a": "Middle East", "b": "Economy", "c": "Economy", "d": None}
    assert Article.objects.get(slug="a").section == middle_east
    assert Section.objects.count() == 2


def test_a_refused_file_makes_no_section(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps({"slug": "a", "headline": "A", "section": "Brand new"})
        + "\n"
        + json.dumps({"slug": "b", "headline": "B", "status": "nonsense"})
        + "\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert "bad.jsonl:2: status" in err.getvalue()
    assert not Section.objects.exists()


def test_an_overlong_section_name_is_a_bad_line(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text(
        json.dumps({"headline": "A", "section": "x" * 101}) + "\n", encoding="utf-8"
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert "long.jsonl:1: section is longer than 100 characters" in err.getvalue()


def test_export_writes_the_section_name(tmp_path, article_factory):
    article_factory(slug="a", section="Middle East")
    article_factory(slug="b", section="")
    path = tmp_path / "out.jsonl"
    call_command("export_articles", str(path), stdout=StringIO())
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert {r["slug"]: r["section"] for r in records} == {"a": "Middle East", "b": ""}


def test_the_api_filters_by_section_in_any_case(client, article_factory):
    article_factory(slug="a", section="Middle East")
    article_factory(slug="b", section="Sport")
    found = client.get("/api/articles/?section=middle%20east").json()
    assert [r["slug"] for r in found["results"]] == ["a"]
    assert found["results"][0]["section"] == "Middle East"
    assert client.get("/api/articles/?section=Nowhere").json()["count"] == 0


def test_editors_order_sections_in_the_admin_list(client_for, editor, article_factory):
    article_factory(section="Sport")
    world = Section.objects.create(name="World", order=5)
    sport = Section.objects.get(name="Sport")
    session = client_for(editor)
    page = session.get("/admin/sections/section/").content.decode()
    assert '<td class="field-piece_count">1</td>' in page
    response = session.post(
        "/admin/sections/section/",
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": str(sport.pk),
            "form-0-order": "9",
            "form-1-id": str(world.pk),
            "form-1-order": "1",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert list(Section.objects.values_list("name", flat=True)) == ["World", "Sport"]


def test_a_reporter_may_choose_a_section_but_not_edit_one(client_for, reporter):
    session = client_for(reporter)
    assert session.get("/admin/sections/section/").status_code == 200
    assert session.get("/admin/sections/section/add/").status_code == 403
