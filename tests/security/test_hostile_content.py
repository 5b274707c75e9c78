"""Stored XSS: hostile text in every field an editor or importer fills.

Each field holds markup that runs if it is not escaped (it closes a <script>,
breaks out of an attribute, carries handlers); the body holds Markdown and raw
HTML with script URLs. Every reader surface (found by crawling from the home
page, search included), every admin page that shows them, the feeds, the
JSON-LD and the API are fetched and parsed: nothing may be executable, and the
hostile text must still be there as text, so the checks do not pass by the
content having gone missing.
"""

import html
import json
from urllib.parse import urlencode
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse
from django.utils.html import escape
from reversion.models import Version

from articles import workflow
from articles.models import Article, Correction
from authors.models import Author
from entities.merging import entity_merge
from entities.models import Entity, EntityAlias, Kind
from newsroom.markdown import render_markdown
from tests.crawler import SiteCrawler
from tests.factories import ArticleFactory, UserFactory
from tests.images.pictures import library_image

from .markup import admitted_hashes, feed_problems, parse_page

pytestmark = pytest.mark.django_db


def payload(where: str) -> str:
    """Markup that runs wherever `where` lands unescaped (at most 100 characters,
    the shortest field's length)."""
    return (
        f"{where}</script><script>alert(1)</script>\"'>"
        "<img src=x onerror=alert(1)><svg onload=alert(1)>"
    )


HOSTILE_MARKDOWN = [
    "[a link](javascript:alert(1))",
    "[a link](JaVaScRiPt:alert(1))",
    "[a link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a link](vbscript:msgbox(1))",
    "[a link](&#106;avascript:alert(1))",
    "![an image](javascript:alert(1))",
    '<a href="java&#9;script:alert(1)">a link</a>',
    '<a href="java&#10;script:alert(1)">a link</a>',
    '<a href="&#x6A;avascript:alert(1)">a link</a>',
    '<a href=" javascript:alert(1)">a link</a>',
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)><circle r=1></circle></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<script>alert(1)</script>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<math><a xlink:href="javascript:alert(1)">maths</a></math>',
    '<p style="background:url(javascript:alert(1))">a paragraph</p>',
    "<style>body { display: none }</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<a href="https://example.org/" onclick="alert(1)">a link</a>',
    '<div onmouseover="alert(1)">a block</div>',
]
BODY = "\n\n".join([payload("Body"), *HOSTILE_MARKDOWN, payload("Untagged")])


@pytest.fixture
def chief(db):
    return UserFactory(username="chief", is_superuser=True)


@pytest.fixture
def hostile_piece(chief):
    """A public piece, its image, actors, aliases, revisions and a merge, all
    hostile."""
    group = Entity.objects.create(
        name=payload("Actor"), kind=Kind.ORGANISATION, description=payload("Descr")
    )
    EntityAlias.objects.create(entity=group, name=payload("Alias"))
    person = Entity.objects.create(name=payload("Person"), kind=Kind.PERSON)
    # Named in the body but not tagged: the admin suggests it.
    Entity.objects.create(name=payload("Untagged"), kind=Kind.PLACE)
    merged = Entity.objects.create(name=payload("Merged"), kind=Kind.OTHER)
    author = Author.objects.create(
        name=payload("Author"),
        slug="hostile-author",
        role=payload("Role"),
        bio=BODY,
        # Only the shell could store these; nothing may make a script link of them.
        website="javascript:alert(1)",
        links='https://example.org/?q="><script>alert(1)</script>\njavascript:x',
    )
    piece = ArticleFactory(
        headline=payload("Headline"),
        standfirst=payload("Standfirst"),
        byline=payload("Byline"),
        section=payload("Section"),
        body=BODY,
        image=library_image(
            alt=payload("Alt"), caption=payload("Caption"), credit=payload("Credit")
        ),
        entities=[group, person, merged],
        authors=[author],
    )
    Correction.objects.create(article=piece, text=payload("Correction"))
    # Credited by its author, not a written byline, so the feeds name them.
    ArticleFactory(headline=payload("Co-written"), byline="", authors=[author])
    ArticleFactory(headline=payload("Related"), entities=[group, person])
    entity_merge(source=merged, target=group, by=chief)
    workflow.article_save(article=piece, by=chief, comment=payload("Comment"))
    piece.headline = payload("Rewritten")
    workflow.article_save(article=piece, by=chief, comment=payload("Comment"))
    return Article.objects.get(pk=piece.pk)


def judge(response) -> list[str]:
    """What in `response` could execute, by the kind of answer it is."""
    kind = response.get("Content-Type", "")
    text = response.content.decode()
    if "html" in kind:
        return parse_page(text, admitted_hashes(response)).problems
    if "xml" in kind:
        return feed_problems(text)
    if "json" in kind:
        json.loads(text)
        return [] if response["X-Content-Type-Options"] == "nosniff" else ["sniffable"]
    assert kind.startswith("text/plain"), kind
    return []


def test_no_reader_surface_carries_an_executable_payload(client, hostile_piece):
    crawl = SiteCrawler(client).crawl(
        hostile_piece.get_absolute_url(),
        search_terms=(payload("Search"), "alert"),
    )
    hostile = payload("Query")
    urls = [
        *crawl.pages,
        f"/search/?{urlencode({'q': hostile, 'section': hostile})}",
        f"/entities/?{urlencode({'kind': hostile, 'letter': hostile})}",
        f"/?{urlencode({'utm_source': hostile, 'page': hostile})}",
        f"/no-such-page/{hostile}/",
    ]
    problems, kinds = {}, set()
    for url in urls:
        response = client.get(url)
        kinds.add(response["Content-Type"].split(";")[0])
        if found := judge(response):
            problems[url] = found
    assert problems == {}
    assert {"text/html", "application/rss+xml", "application/atom+xml"} <= kinds
    assert {"application/xml", "application/json"} <= kinds
    assert len(crawl.leaks("alert(1)")) >= 10, "the hostile text is not shown"
    author_pages = ["/authors/hostile-author/", "/authors/hostile-author/atom/"]
    assert {*author_pages, "/corrections/", "/corrections/feed/"} <= set(crawl.pages)


def test_the_article_page_shows_the_hostile_text_as_text(client, hostile_piece):
    response = client.get(hostile_piece.get_absolute_url())
    page = parse_page(response.content.decode(), admitted_hashes(response))
    text = "".join(page.text)
    for field in [
        "Rewritten",
        "Standfirst",
        "Byline",
        "Section",
        "Actor",
        "Person",
        "Caption",
        "Credit",
        "Correction",
    ]:
        assert payload(field) in text, field
    assert f'alt="{escape(payload("Alt"))}"' in response.content.decode()
    assert page.problems == []


def test_json_ld_keeps_a_closing_script_tag_as_data(client, hostile_piece):
    response = client.get(hostile_piece.get_absolute_url())
    page = parse_page(response.content.decode(), admitted_hashes(response))
    (data,) = page.json_ld
    assert data["headline"] == payload("Rewritten")
    assert data["description"] == payload("Standfirst")
    # A written byline is what readers see; the data names the authors.
    assert [author["name"] for author in data["author"]] == [payload("Author")]
    assert data["correction"][0]["text"] == payload("Correction")
    assert {thing["name"] for thing in data["about"] + data["mentions"]} == {
        payload("Actor"),
        payload("Person"),
    }


@pytest.mark.parametrize("url", ["/feeds/latest/", "/feeds/latest/atom/"])
def test_feed_summaries_are_text_to_a_feed_reader(client, hostile_piece, url):
    """A reader renders an item's description as HTML: the standfirst in it is
    escaped once more, so the reader shows it as the text it is."""
    root = ElementTree.fromstring(client.get(url).content)
    summaries = [
        element.text
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] in ("description", "summary")
        and element.text
        and "Standfirst" in element.text
    ]
    assert summaries
    for summary in summaries:
        page = parse_page(summary)
        assert page.problems == []
        assert "".join(page.text) == payload("Standfirst")


# Markup feedparser takes as HTML wherever a format lets it guess: elements
# its sanitizer keeps, closed, with a handler it strips and an image it keeps.
FEED_MARKUP = (
    '<b>bold</b> <a href="https://example.org/">a link</a> <img src=x onerror=alert(1)>'
)


def feed_text(field: str) -> str:
    return f"{field} {FEED_MARKUP}"


@pytest.fixture
def hostile_feeds(settings, db):
    """Every feed, of pieces and actors whose every text is hostile."""
    settings.SITE_NAME = feed_text("Site")
    group = Entity.objects.create(
        name=feed_text("Group"),
        kind=Kind.ORGANISATION,
        description=feed_text("Description"),
    )
    person = Entity.objects.create(name=feed_text("Person"), kind=Kind.PERSON)
    ArticleFactory(
        headline=feed_text("Headline"),
        standfirst=feed_text("Standfirst"),
        byline=feed_text("Byline"),
        entities=[group, person],
    )
    both = "+".join(sorted([group.slug, person.slug]))
    together = f"The latest coverage of {group} and {person} together."
    return {
        "/feeds/latest/": "The latest public coverage.",
        "/feeds/latest/atom/": "The latest public coverage.",
        f"/entities/{group.slug}/feed/": feed_text("Description"),
        f"/entities/{group.slug}/atom/": feed_text("Description"),
        f"/entities/{both}/feed/": together,
        f"/entities/{both}/atom/": together,
    }


def shown(parsed, name: str) -> str:
    """What a feed reader shows of the parsed field `name`: text as it is, HTML
    as the text it renders, which must then hold no element at all."""
    value, detail = parsed[name], parsed[f"{name}_detail"]
    if detail.type == "text/plain":
        return value
    assert detail.type == "text/html", (name, detail.type)
    assert "<" not in value, (name, value)
    return html.unescape(value)


def test_every_feed_gives_its_text_as_text(client, hostile_feeds):
    for url, description in hostile_feeds.items():
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, url
        assert shown(parsed.feed, "title").startswith(feed_text("Site") + ": "), url
        assert shown(parsed.feed, "subtitle") == description, url
        (entry,) = parsed.entries
        assert shown(entry, "title") == feed_text("Headline"), url
        assert shown(entry, "summary") == feed_text("Standfirst"), url
        # Names are text to feedparser in both formats: no type, no guessing.
        assert entry.author == feed_text("Byline"), url
        assert [tag.term for tag in entry.tags] == [
            feed_text("Group"),
            feed_text("Person"),
        ], url


def test_the_api_answers_hostile_text_as_json_data(client, hostile_piece):
    response = client.get(f"/api/articles/{hostile_piece.slug}")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    data = response.json()
    assert (data["headline"], data["byline"]) == (
        payload("Rewritten"),
        payload("Byline"),
    )
    actor = client.get(f"/api/entities/{data['entities'][0]['slug']}").json()
    assert actor["description"] == payload("Descr")
    assert payload("Alias") in actor["aliases"]


def test_no_admin_page_carries_an_executable_payload(client, chief, hostile_piece):
    client.force_login(chief)
    group = Entity.objects.get(name=payload("Actor"))
    target = Entity.objects.get(name=payload("Person"))
    author = Author.objects.get()
    revisions = [v.revision_id for v in Version.objects.get_for_object(hostile_piece)]
    article_admin = f"/admin/articles/article/{hostile_piece.pk}"
    hostile = payload("Query")
    pages = {
        "/admin/articles/article/": "Rewritten",
        f"/admin/articles/article/?{urlencode({'q': hostile})}": "Query",
        f"{article_admin}/change/": "Untagged",
        f"{article_admin}/history/": "Comment",
        f"{article_admin}/history/compare/?revision={revisions[0]}"
        f"&revision={revisions[1]}": "Rewritten",
        f"{article_admin}/history/{revisions[1]}/restore/": "Headline",
        f"{article_admin}/delete/": "Rewritten",
        f"/articles/{hostile_piece.slug}/preview/": "Rewritten",
        "/admin/entities/entity/": "Actor",
        f"/admin/entities/entity/{group.pk}/change/": "Alias",
        f"/admin/entities/entity/{group.pk}/merge/": "Actor",
        "/admin/entities/mergerecord/": "Merged",
        "/admin/entities/entityredirect/": "Actor",
        "/admin/images/image/": "Credit",
        f"/admin/images/image/{hostile_piece.image_id}/change/": "Caption",
        f"/admin/images/image/{hostile_piece.image_id}/delete/": "Rewritten",
        "/admin/authors/author/": "Author",
        f"/admin/authors/author/{author.pk}/change/": "Author",
    }
    problems = {}
    for url, shown in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = parse_page(response.content.decode(), admitted_hashes(response))
        problems[url] = page.problems
        assert payload(shown) in "".join(page.text), url
    plan = client.post(
        reverse("admin:entities_entity_merge", args=[group.pk]), {"target": target.pk}
    )
    page = parse_page(plan.content.decode())
    problems["merge plan"] = page.problems
    assert payload("Person") in "".join(page.text)
    assert {url: found for url, found in problems.items() if found} == {}


@pytest.mark.parametrize("source", HOSTILE_MARKDOWN)
def test_the_body_renders_without_executable_markup(source):
    assert parse_page(render_markdown(source)).problems == []


def test_the_body_keeps_safe_links_and_text():
    html = render_markdown(
        "Talks in *Beirut*. [The report](https://example.org/report) and "
        "[the archive](/articles/old-piece/)."
    )
    assert '<a href="https://example.org/report"' in html
    assert '<a href="/articles/old-piece/"' in html
    assert "<em>Beirut</em>" in html
