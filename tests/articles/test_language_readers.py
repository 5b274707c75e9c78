"""What readers, search engines and feed readers are told of a piece's language,
and search that stems each piece in its own language."""

import json
import re
from datetime import timedelta
from io import StringIO
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import uses_full_text_search

pytestmark = pytest.mark.django_db

JSON_LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
NEWS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
GERMAN = {
    "slug": "koalition",
    "headline": "Koalition vertagt die Entscheidung",
    "standfirst": "Die Regierung ringt um den Haushalt.",
    "body": "Nach langer Sitzung fiel keine Entscheidung über den Haushalt.",
    "language": "de",
}


@pytest.fixture
def german(article_factory):
    return article_factory(**GERMAN)


@pytest.fixture
def arabic(article_factory):
    return article_factory(
        slug="rafah",
        headline="فتح معبر رفح أمام المسافرين",
        standfirst="مصر تمدد فتح المعبر.",
        body="أعلنت السلطات المصرية تمديد فتح معبر رفح.",
        language="ar",
    )


def page(client, piece) -> str:
    response = client.get(piece.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_piece_in_german_says_so_on_its_article_and_not_on_the_site_around(
    client, german
):
    html = page(client, german)
    assert '<html lang="en">' in html
    assert '<article class="article" lang="de" dir="ltr">' in html
    # The site's own words inside it (dates, labels) stay English.
    assert '<p class="meta" lang="en" dir="ltr">' in html


def test_a_piece_in_arabic_runs_right_to_left_inside_a_left_to_right_site(
    client, arabic
):
    html = page(client, arabic)
    assert '<article class="article" lang="ar" dir="rtl">' in html
    assert html.count('dir="rtl"') == 1
    assert '<html lang="en">' in html


def test_a_piece_in_the_sites_language_needs_no_attributes_on_its_cards(
    client, article_factory, german, arabic
):
    article_factory(slug="english", headline="Talks resume")
    html = client.get("/sections/middle-east/").content.decode()
    assert '<h2 class="card-headline" lang="de" dir="ltr">' in html
    assert '<p class="standfirst" lang="de" dir="ltr">' in html
    assert '<h2 class="card-headline" lang="ar" dir="rtl">' in html
    assert '<h2 class="card-headline"><a href="/articles/english/">' in html


def test_search_results_in_another_language_carry_it(client, arabic):
    html = client.get("/search/", {"q": "رفح"}).content.decode()
    assert '<h2 class="card-headline" lang="ar" dir="rtl">' in html
    assert '<p class="snippet" lang="ar" dir="rtl">' in html


def test_structured_data_names_the_pieces_language(client, german):
    (data,) = JSON_LD_RE.findall(page(client, german))
    assert json.loads(data)["inLanguage"] == "de"


@pytest.mark.parametrize(
    ("language", "news"),
    [("de-AT", "de"), ("ar", "ar"), ("zh-Hant-TW", "zh-tw"), ("zh-CN", "zh-cn")],
)
def test_the_news_sitemap_gives_each_piece_its_iso_639_language(
    client, article_factory, language, news
):
    article_factory(slug="piece", language=language)
    root = ElementTree.fromstring(client.get("/sitemap-news.xml").content)
    path = "s:url/news:news/news:publication/news:language"
    assert root.findtext(path, namespaces=NEWS) == news


def test_feeds_give_each_item_its_language(client, german):
    rss = feedparser.parse(client.get("/feeds/latest/").content)
    assert rss.entries[0].language == "de"
    atom = client.get("/feeds/latest/atom/").content.decode()
    assert '<entry xml:lang="de">' in atom


def test_the_api_gives_the_language_and_filters_by_it(client, german, arabic):
    assert client.get("/api/articles/koalition").json()["language"] == "de"
    found = client.get("/api/articles/", {"language": "DE"}).json()["results"]
    assert [piece["slug"] for piece in found] == ["koalition"]


def write(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_import_takes_the_language_normalized_and_export_gives_it_back(tmp_path):
    call_command(
        "import_articles",
        str(write(tmp_path / "in.jsonl", {**GERMAN, "language": "de_at"})),
        stdout=StringIO(),
    )
    assert Article.objects.get().language == "de-AT"
    call_command(
        "import_articles",
        str(write(tmp_path / "again.jsonl", {**GERMAN, "language": "fr"})),
        stdout=StringIO(),
    )
    assert Article.objects.values_list("language", "search_config").get() == (
        "fr",
        "french",
    )
    call_command(
        "import_articles",
        str(write(tmp_path / "in.jsonl", {**GERMAN, "language": "de-AT"})),
        stdout=StringIO(),
    )
    out = tmp_path / "out.jsonl"
    call_command("export_articles", str(out), stdout=StringIO())
    assert json.loads(out.read_text())["language"] == "de-AT"


@pytest.mark.parametrize("language", ["German", "", None, 49])
def test_import_refuses_what_is_not_a_language_tag(tmp_path, language):
    path = write(tmp_path / "in.jsonl", {**GERMAN, "language": language})
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert "in.jsonl:1: language must be a BCP 47 tag" in err.getvalue()
    assert not Article.objects.exists()


def test_a_piece_is_stemmed_with_its_languages_configuration(article_factory):
    assert article_factory(language="de-CH").search_config == "german"
    assert article_factory(language="he").search_config == "simple"
    piece = article_factory(language="fr")
    piece.language = "ru"
    piece.save()
    assert Article.objects.get(pk=piece.pk).search_config == "russian"


@pytest.mark.needs_postgresql
def test_a_german_word_finds_its_other_forms_in_a_german_piece(client, german):
    response = client.get("/search/", {"q": "Entscheidungen"})
    assert [a.slug for a in response.context["articles"]] == ["koalition"]


@pytest.mark.needs_postgresql
def test_one_search_finds_pieces_in_every_language(article_factory):
    now = timezone.now()
    article_factory(slug="en", body="Missiles were fired.", publish_at=now)
    article_factory(
        slug="fr", language="fr", body="Des missiles ont été tirés.", publish_at=now
    )
    article_factory(
        slug="ru",
        language="ru",
        body="Ракеты были выпущены, ракета упала.",
        publish_at=now - timedelta(hours=1),
    )
    assert {a.slug for a in Article.objects.search("missile")} == {"en", "fr"}
    assert [a.slug for a in Article.objects.search("ракетой")] == ["ru"]


@pytest.mark.needs_postgresql
def test_the_per_language_search_uses_the_gin_index(article_factory, german):
    assert uses_full_text_search()
    with connection.cursor() as cursor:
        # The table is tiny, so make a sequential scan cost more than any index.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Article.objects.search("Entscheidungen").explain()
    assert "Bitmap Index Scan on article_search_idx" in plan
