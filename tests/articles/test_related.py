import json
import random
import warnings
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEntity, Status, public_q
from articles.related import related_exact, related_for, related_refresh
from articles.related.models import ActorWeight, RelatedArticle
from articles.related.queries import rule_compile, served_rows
from entities.models import Entity, Kind

pytestmark = pytest.mark.django_db

T0 = datetime(2018, 1, 29, 12, tzinfo=UTC)


def rebuild():
    call_command("rebuild_related", stdout=StringIO(), stderr=StringIO())


def related_slugs(client, article, limit=20):
    response = client.get(f"/api/articles/{article.slug}/related", {"limit": limit})
    assert response.status_code == 200
    return [item["slug"] for item in response.json()["results"]]


def served_slugs(article):
    """The stored list, as readers get it when it is long enough."""
    return list(
        RelatedArticle.objects.filter(article=article)
        .order_by("-score", "-related__publish_at", "-related_id")
        .values_list("related__slug", flat=True)
    )


@pytest.fixture
def piece(article_factory):
    def make(slug, entities, days=0.0, **kwargs):
        return article_factory(
            slug=slug,
            headline=slug.replace("-", " ").capitalize(),
            publish_at=T0 + timedelta(days=days),
            entities=entities,
            **kwargs,
        )

    return make


@pytest.fixture
def actors(entity_factory):
    names = ["Hamas", "Hezbollah", "Iran", "Israel", "T-4 airbase", "Fatah"]
    return {name: entity_factory(name=name) for name in names}


def random_pieces(rng, count, *, step, steps, tags):
    """`count` published pieces, each `step` × a random 0…`steps` after T0 and
    tagged with `tags(number)`."""
    pieces = []
    for number in range(count):
        piece = Article.objects.create(
            headline=f"Piece {number}",
            status=Status.PUBLISHED,
            publish_at=T0 + step * rng.randint(0, steps),
        )
        piece.entities.add(*tags(number))
        pieces.append(piece)
    return pieces


def test_sharing_a_rare_actor_beats_sharing_a_ubiquitous_one(client, piece, actors):
    israel, airbase = actors["Israel"], actors["T-4 airbase"]
    for number in range(8):
        piece(f"filler-{number}", [israel], days=-200 - number)
    origin = piece("origin", [israel, airbase])
    piece("rare-match", [airbase], days=3)
    piece("popular-match", [israel], days=-3)
    assert related_slugs(client, origin)[:2] == ["rare-match", "popular-match"]


def test_closer_in_time_wins_a_near_tie(client, piece, actors):
    hamas, hezbollah, fatah = actors["Hamas"], actors["Hezbollah"], actors["Fatah"]
    for number in range(45):
        piece(f"filler-{number}", [fatah], days=-500 - number)
    piece("old-hezbollah", [hezbollah], days=-900)
    origin = piece("origin", [hamas, hezbollah])
    # Hamas is on 2 pieces, Hezbollah on 3: nearly as rare, so time decides.
    piece("rarer-ten-days-off", [hamas], days=-10)
    piece("commoner-a-day-off", [hezbollah], days=-1)
    assert related_slugs(client, origin)[:2] == [
        "commoner-a-day-off",
        "rarer-ten-days-off",
    ]


def test_same_actor_ranks_by_closeness_in_time(client, piece, actors):
    hamas = actors["Hamas"]
    origin = piece("origin", [hamas])
    piece("a-month-before", [hamas], days=-30)
    piece("two-days-after", [hamas], days=2)
    piece("a-week-before", [hamas], days=-7)
    assert related_slugs(client, origin) == [
        "two-days-after",
        "a-week-before",
        "a-month-before",
    ]


@pytest.mark.parametrize("stored", [False, True], ids=["live", "stored"])
@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (Status.DRAFT, -1),
        (Status.REVIEW, -1),
        (Status.WITHDRAWN, -1),
        (Status.PUBLISHED, +1),
    ],
    ids=["draft", "review", "withdrawn", "future"],
)
def test_never_itself_and_never_a_piece_that_is_not_public(
    client, piece, actors, article_factory, status, offset, stored
):
    hamas = actors["Hamas"]
    origin = piece("origin", [hamas], days=-10)
    piece("visible", [hamas], days=-11)
    article_factory(
        slug="hidden",
        status=status,
        publish_at=timezone.now() + timedelta(days=offset),
        entities=[hamas],
    )
    if stored:
        rebuild()
        # A list too short for the page is ranked live: read the stored one too.
        assert [piece.slug for *_, piece in served_rows(origin.pk, limit=20)] == [
            "visible"
        ]
    assert related_slugs(client, origin) == ["visible"]
    html = client.get(reverse("articles:related", args=["origin"])).content.decode()
    assert "Visible" in html and "Hidden" not in html


def test_ranking_is_fixed_ties_going_to_the_newer_then_the_higher_id(
    client, piece, actors
):
    """The same order on every database: the suite runs on SQLite and PostgreSQL."""
    hamas, hezbollah, iran = actors["Hamas"], actors["Hezbollah"], actors["Iran"]
    israel = actors["Israel"]
    origin = piece("origin", [hamas, hezbollah, iran, israel])
    piece("both-day-before", [hamas, hezbollah], days=-1)
    piece("both-day-after", [hezbollah, hamas], days=1)
    piece("iran-first", [iran], days=-2)
    piece("iran-second", [iran], days=-2)
    piece("hamas-month-before", [hamas], days=-30)
    piece("israel-week-after", [israel], days=7)
    for number in range(5):
        piece(f"israel-old-{number}", [israel], days=-400 - number)
    expected = [
        "both-day-after",
        "both-day-before",
        "iran-second",
        "iran-first",
        "israel-week-after",
        "hamas-month-before",
        "israel-old-0",
        "israel-old-1",
        "israel-old-2",
        "israel-old-3",
        "israel-old-4",
    ]
    live = related_slugs(client, origin)
    rebuild()
    assert live == related_slugs(client, origin) == served_slugs(origin) == expected
    related_refresh(article_ids=[origin.pk])
    assert served_slugs(origin) == expected


def test_explanation_names_exactly_the_shared_actors(client, piece, actors):
    hamas, hezbollah, iran = actors["Hamas"], actors["Hezbollah"], actors["Iran"]
    for number in range(4):
        piece(f"filler-{number}", [hamas], days=-300 - number)
    origin = piece("origin", [hamas, hezbollah, iran])
    piece("match", [hamas, hezbollah, actors["Fatah"]], days=-3)
    rebuild()
    result = client.get("/api/articles/origin/related").json()["results"][0]
    assert result["slug"] == "match"
    assert [e["slug"] for e in result["shared_entities"]] == ["hezbollah", "hamas"]
    page = client.get(origin.get_absolute_url()).content.decode()
    assert (
        'Also about <a href="/entities/hezbollah/">Hezbollah</a> and '
        '<a href="/entities/hamas/">Hamas</a>' in page
    )
    assert ">3 days earlier</time>" in page
    assert "Why" not in page
    assert "Fatah</a>" not in page.split("Related coverage")[1]
    listing = client.get("/articles/origin/related/").content.decode()
    assert (
        "Shares 2 actors with this piece: Hezbollah and Hamas. The least covered, "
        "Hezbollah, counts most. Published 3 days earlier." in listing
    )


def test_served_lists_match_the_exact_ranking_on_a_random_corpus(entity_factory):
    rng = random.Random(5)
    entities = [entity_factory() for _ in range(25)]
    random_pieces(
        rng,
        80,
        step=timedelta(hours=1),
        steps=24 * 200,
        tags=lambda _: rng.sample(entities[: rng.choice([6, 25])], rng.randint(1, 5)),
    )
    rebuild()
    for article in Article.objects.with_entities():
        exact = [pk for _, _, pk, _ in related_exact(article, limit=20)]
        assert [r.article.pk for r in related_for(article, limit=20)] == exact
        assert (
            list(
                RelatedArticle.objects.filter(article=article)
                .order_by("-score", "-related__publish_at", "-related_id")
                .values_list("related_id", flat=True)
            )
            == exact
        )


def test_refresh_and_rebuild_store_the_same_explanations(entity_factory):
    """Both write the shared actors rarest first, equal rarity by name."""
    rng = random.Random(3)
    # Names against creation order, so that name order is not id order.
    entities = [entity_factory(name=f"Actor {letter}") for letter in "HGFEDCBA"]
    pieces = random_pieces(
        rng,
        40,
        step=timedelta(days=1),
        steps=60,
        tags=lambda _: rng.sample(entities, rng.randint(1, 5)),
    )
    rebuild()

    def stored():
        return {
            (row.article_id, row.related_id): row.shared
            for row in RelatedArticle.objects.all()
        }

    rebuilt = stored()
    assert any(len(shared) > 1 for shared in rebuilt.values())
    RelatedArticle.objects.all().delete()
    for piece in pieces:
        related_refresh(article_ids=[piece.pk])
    refreshed = stored()
    assert refreshed.keys() & rebuilt.keys()
    for pair in refreshed.keys() & rebuilt.keys():
        assert refreshed[pair] == rebuilt[pair]


def test_publishing_puts_the_piece_into_its_neighbours_lists(client, piece, actors):
    hamas = actors["Hamas"]
    origin = piece("origin", [hamas])
    piece("older", [hamas], days=-20)
    rebuild()
    new = piece("new", [hamas], days=1, status=Status.DRAFT)
    related_refresh(article_ids=[new.pk])
    assert served_slugs(origin) == ["older"]
    new.status = Status.PUBLISHED
    new.save()
    related_refresh(article_ids=[new.pk])
    assert served_slugs(origin) == ["new", "older"]
    assert served_slugs(new) == ["origin", "older"]


def test_withdrawing_hides_at_once_and_a_refresh_refills_the_list(
    client, piece, actors, settings
):
    settings.RELATED_KEEP = 2
    hamas = actors["Hamas"]
    origin = piece("origin", [hamas])
    piece("near", [hamas], days=-1)
    piece("middle", [hamas], days=-2)
    piece("far", [hamas], days=-3)
    rebuild()
    assert served_slugs(origin) == ["near", "middle"]
    Article.objects.filter(slug="near").update(status=Status.WITHDRAWN)
    assert related_slugs(client, origin, limit=1) == ["middle"]
    related_refresh(article_ids=[Article.objects.get(slug="near").pk])
    assert served_slugs(origin) == ["middle", "far"]
    assert related_slugs(client, origin, limit=2) == ["middle", "far"]


def test_a_scheduled_piece_appears_when_its_time_comes(client, piece, actors):
    hamas = actors["Hamas"]
    origin = piece("origin", [hamas], days=0)
    scheduled = piece("scheduled", [hamas], days=0)
    Article.objects.filter(pk=scheduled.pk).update(
        publish_at=timezone.now() + timedelta(hours=1)
    )
    related_refresh(article_ids=[scheduled.pk])
    assert related_slugs(client, origin) == []
    Article.objects.filter(pk=scheduled.pk).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    assert related_slugs(client, origin, limit=1) == ["scheduled"]


def test_retagging_updates_related_lists(client, piece, actors):
    hamas, fatah = actors["Hamas"], actors["Fatah"]
    origin = piece("origin", [hamas])
    moved = piece("moved", [hamas], days=-1)
    piece("fatah-piece", [fatah], days=-1)
    rebuild()
    assert served_slugs(origin) == ["moved"]
    moved.entities.set([fatah])
    related_refresh(article_ids=[moved.pk])
    assert served_slugs(origin) == []
    assert related_slugs(client, origin) == []
    assert served_slugs(moved) == ["fatah-piece"]


def test_merging_actors_updates_related_lists(client, piece, actors, entity_factory):
    """What entity_merge does: move the source's links, then refresh their pieces."""
    hamas = actors["Hamas"]
    duplicate = entity_factory(name="Harakat al-Muqawama")
    origin = piece("origin", [hamas])
    twin = piece("twin", [duplicate], days=-2)
    rebuild()
    assert related_slugs(client, origin) == []
    moved = list(
        ArticleEntity.objects.filter(tag=duplicate).values_list(
            "content_object_id", flat=True
        )
    )
    ArticleEntity.objects.filter(tag=duplicate).update(tag=hamas)
    duplicate.delete()
    related_refresh(article_ids=moved)
    assert served_slugs(origin) == ["twin"]
    assert related_slugs(client, twin) == ["origin"]


def test_excluded_piece_is_nobodys_related_coverage(client, piece, actors):
    hamas = actors["Hamas"]
    origin = piece("origin", [hamas])
    piece("correction", [hamas], days=-1, exclude_from_related=True)
    piece("report", [hamas], days=-2)
    rebuild()
    assert related_slugs(client, origin) == ["report"]
    assert related_slugs(client, Article.objects.get(slug="correction")) == [
        "origin",
        "report",
    ]


def test_admin_save_refreshes_related_coverage(
    client, django_user_model, piece, actors
):
    hamas = actors["Hamas"]
    origin = piece("origin", [hamas])
    rebuild()
    client.force_login(
        django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    )
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "Hamas names a new leader",
            "slug": "hamas-leader",
            "status": "published",
            "publish_at_0": "2018-01-30",
            "publish_at_1": "12:00:00",
            "author_links-TOTAL_FORMS": "0",
            "author_links-INITIAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
            "pins-TOTAL_FORMS": "0",
            "pins-INITIAL_FORMS": "0",
            "actors": [str(hamas.pk)],
        },
    )
    assert response.status_code == 302
    assert served_slugs(origin) == ["hamas-leader"]


def test_import_refreshes_related_coverage(tmp_path, piece, actors):
    origin = piece("origin", [actors["Hamas"]])
    rebuild()
    path = tmp_path / "new.jsonl"
    path.write_text(
        json.dumps(
            {
                "slug": "imported",
                "headline": "Imported",
                "status": "published",
                "publish_at": "2018-01-28T12:00:00+00:00",
                "entities": ["Hamas"],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    call_command("import_articles", str(path), stdout=StringIO())
    assert served_slugs(origin) == ["imported"]


def test_rebuild_resumes_with_the_pieces_it_had_not_reached(piece, actors):
    hamas = actors["Hamas"]
    first = piece("first", [hamas])
    second = piece("second", [hamas], days=1)
    rebuild()
    RelatedArticle.objects.filter(article=second).delete()
    Article.objects.filter(pk=second.pk).update(related_refreshed_at=None)
    stamped = Article.objects.get(pk=first.pk).related_refreshed_at
    out = StringIO()
    call_command("rebuild_related", "--resume", stdout=out, stderr=StringIO())
    assert "of 1 articles" in out.getvalue()
    assert served_slugs(second) == ["first"]
    assert Article.objects.get(pk=first.pk).related_refreshed_at == stamped


@pytest.mark.django_db(transaction=True)
def test_rebuild_outside_a_transaction_leaves_its_tables_vacuumed(piece, actors):
    hamas = actors["Hamas"]
    origin = piece("origin", [hamas])
    piece("other", [hamas], days=-1)
    rebuild()
    assert served_slugs(origin) == ["other"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname FROM pg_stat_user_tables "
                "WHERE last_vacuum IS NOT NULL AND relname = ANY(%s)",
                [["articles_article", "articles_relatedarticle"]],
            )
            assert sorted(row[0] for row in cursor.fetchall()) == [
                "articles_article",
                "articles_relatedarticle",
            ]


def test_rebuild_refuses_bad_options():
    with pytest.raises(Exception, match="at least 1"):
        call_command("rebuild_related", "--workers", "0", stderr=StringIO())


def test_api_shape_limit_and_errors(client, piece, actors, article_factory):
    hamas = actors["Hamas"]
    origin = piece("origin", [hamas])
    for number in range(7):
        piece(f"other-{number}", [hamas], days=-1 - number)
    rebuild()
    data = client.get("/api/articles/origin/related").json()
    assert len(data["results"]) == 5
    first = data["results"][0]
    assert set(first) == {
        "slug",
        "headline",
        "publish_at",
        "url",
        "api_url",
        "score",
        "shared_entities",
    }
    assert first["slug"] == "other-0"
    assert [e["slug"] for e in first["shared_entities"]] == ["hamas"]
    scores = [item["score"] for item in data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert len(related_slugs(client, origin, limit=3)) == 3
    for bad in ["0", "51", "many"]:
        assert (
            client.get(f"/api/articles/{origin.slug}/related?limit={bad}").status_code
            == 422
        )
    draft = article_factory(slug="draft", status=Status.DRAFT, entities=[hamas])
    for slug in ["nope", draft.slug]:
        response = client.get(f"/api/articles/{slug}/related")
        assert response.status_code == 404
        assert "detail" in response.json()


def test_related_page_is_paginated(client, piece, actors):
    hamas = actors["Hamas"]
    origin = piece("origin", [hamas])
    for number in range(13):
        piece(f"other-{number}", [hamas], days=-1 - number)
    rebuild()
    first = client.get(reverse("articles:related", args=[origin.slug]))
    second = client.get(reverse("articles:related", args=[origin.slug]), {"page": 2})
    assert len(first.context["related"]) == 10
    assert [item.article.slug for item in second.context["related"]] == [
        "other-10",
        "other-11",
        "other-12",
    ]
    assert client.get(reverse("articles:related", args=["nope"])).status_code == 404


@pytest.mark.parametrize("stored", [False, True], ids=["live", "stored"])
@pytest.mark.parametrize("size", [2, 25])
def test_pages_with_related_coverage_take_a_fixed_number_of_queries(
    client, piece, entity_factory, django_assert_max_num_queries, size, stored
):
    tags = [entity_factory() for _ in range(6)]
    origin = piece("origin", tags)
    for number in range(size):
        piece(f"other-{number}", tags[number % 6 :], days=-1 - number)
    if stored:
        rebuild()
    origin = Article.objects.get(pk=origin.pk)
    with django_assert_max_num_queries(10):
        page = client.get(origin.get_absolute_url())
    assert len(page.context["related"]) == min(size, 5)
    with django_assert_max_num_queries(10):
        listing = client.get(reverse("articles:related", args=[origin.slug]))
    assert len(listing.context["related"]) == min(size, 10)


def test_actor_without_public_coverage_still_ranks(piece, entity_factory):
    lonely = entity_factory(name="Lonely")
    origin = Article.objects.with_entities().get(pk=piece("origin", [lonely]).pk)
    assert related_for(origin, limit=5) == []
    assert Entity.objects.filter(pk=lonely.pk).exists()


def test_a_neighbour_retagged_by_an_import_too_big_to_refresh_is_not_explained_wrongly(
    client, piece, actors, settings, tmp_path
):
    hamas, fatah = actors["Hamas"], actors["Fatah"]
    origin = piece("origin", [hamas])
    for number in range(6):
        piece(f"other-{number}", [hamas], days=-1 - number)
    rebuild()
    settings.RELATED_REFRESH_MAX = 0
    path = tmp_path / "retag.jsonl"
    record = {
        "slug": "other-0",
        "headline": "Other 0",
        "status": "published",
        "publish_at": "2018-01-28T12:00:00+00:00",
        "entities": ["Fatah"],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    call_command("import_articles", str(path), stdout=StringIO())
    assert list(Article.objects.get(slug="other-0").entities.all()) == [fatah]
    assert "other-0" not in related_slugs(client, origin, limit=5)
    # The list came up short of its 6 entries, so it is ranked live meanwhile.
    assert related_slugs(client, origin, limit=6) == [f"other-{n}" for n in range(1, 6)]
    assert client.get(origin.get_absolute_url()).status_code == 200


def test_an_actor_deleted_since_a_list_was_stored_is_not_named(client, piece, actors):
    hamas, fatah = actors["Hamas"], actors["Fatah"]
    piece("origin", [hamas, fatah])
    piece("both", [hamas, fatah], days=-1)
    piece("fatah-only", [fatah], days=-2)
    rebuild()
    fatah.delete()
    # One is asked for and one is left: read from the stored list.
    response = client.get("/api/articles/origin/related", {"limit": 1})
    assert [
        (r["slug"], [e["slug"] for e in r["shared_entities"]])
        for r in response.json()["results"]
    ] == [("both", ["hamas"])]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_live_ranking_is_exact_though_the_database_sends_only_the_best(
    entity_factory, settings, seed
):
    """The database orders the live candidates by a float score and sends back
    only those asked for and 50 more; with windows wide enough to see every
    piece, the result is still the exact ranking, ties included."""
    rng = random.Random(seed)
    entities = [entity_factory() for _ in range(8)]
    rare = entity_factory()
    pieces = random_pieces(
        rng,
        120,
        # Whole days: many pieces tie on time and on what they share.
        step=timedelta(days=1),
        steps=40,
        tags=lambda number: [
            *rng.sample(entities, rng.randint(1, 4)),
            *([rare] if number % 15 == 0 else []),
        ],
    )
    rebuild()
    # A rare actor never counted: the statement does not know its weight, and
    # must not leave out the pieces it lifts to the top.
    ActorWeight.objects.filter(entity=rare).delete()
    settings.RELATED_LIVE_PER_ACTOR = len(pieces)
    for piece in pieces[::15] + rng.sample(pieces, 12):
        article = Article.objects.with_entities().get(pk=piece.pk)
        article.related_refreshed_at = None
        assert [r.article.pk for r in related_for(article, limit=5)] == [
            pk for _, _, pk, _ in related_exact(article, limit=5)
        ]


@pytest.mark.parametrize("stored", [True, False])
def test_related_coverage_is_read_in_one_query_served_or_live(
    piece, actors, django_assert_num_queries, stored
):
    """The article page's related box costs a fixed number of round trips."""
    tags = list(actors.values())
    origin = piece("origin", tags)
    for number in range(30):
        piece(f"other-{number}", tags[number % 6 :], days=-1 - number)
    rebuild()
    origin = Article.objects.with_entities().get(pk=origin.pk)
    if not stored:
        # A list not stored yet (or dropped by a big import) is ranked live.
        origin.related_refreshed_at = None
    with django_assert_num_queries(1):
        related = related_for(origin, limit=5)
        # What a card shows is loaded with the list, not one piece at a time.
        cards = [(r.article.get_absolute_url(), r.article.headline) for r in related]
    assert len(cards) == 5
    assert [r.article.pk for r in related] == [
        pk for _, _, pk, _ in related_exact(origin, limit=5)
    ]


def test_every_time_comparison_of_a_compiled_rule_is_read_at_the_moment_of_reading(
    article_factory,
):
    """An embargo on edits as well as the public rule: both compare with the
    moment a read passes in, not the one the rule was compiled with."""

    def public_and_unedited(now):
        return public_q(now=now) & Q(updated_at__lte=now)

    def dated(slug, *, published, edited):
        made = article_factory(slug=slug, publish_at=T0 + timedelta(days=published))
        Article.objects.filter(pk=made.pk).update(
            updated_at=T0 + timedelta(days=edited)
        )
        return made

    shown = dated("shown", published=-2, edited=-1)
    dated("edited-since", published=-2, edited=1)
    dated("scheduled", published=1, edited=-1)
    rule = rule_compile(rule=public_and_unedited, connection=connection)
    assert len(rule.moments) == 2
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Article._meta.db_table} WHERE {rule.sql}",
            rule.params_at(T0, connection),
        )
        found = [pk for (pk,) in cursor.fetchall()]
    assert found == [shown.pk]
    assert list(
        Article.objects.filter(public_and_unedited(T0)).values_list("pk", flat=True)
    ) == [shown.pk]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rebuild_warns_of_nothing_and_stays_exact_where_the_kth_best_scores_zero(
    entity_factory, settings, seed
):
    """Pieces so far apart that their K-th best match rounds to 0, and actors
    their kind weighs 0: a match scoring 0 ties with any other piece, which may
    be newer, so the rebuild must read every piece of every actor."""
    settings.RELATED_KEEP = 3
    settings.RELATED_TIME_SCALE_DAYS = 1
    settings.RELATED_KIND_WEIGHTS = {Kind.COUNTRY: 0.0}
    rng = random.Random(seed)
    entities = [
        entity_factory(kind=Kind.COUNTRY if number % 3 == 0 else Kind.PERSON)
        for number in range(9)
    ]
    random_pieces(
        rng,
        60,
        step=timedelta(days=1),
        steps=3000,
        tags=lambda _: rng.sample(entities, rng.randint(1, 3)),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rebuild()
    slug_of = dict(Article.objects.values_list("pk", "slug"))
    for article in Article.objects.with_entities():
        exact = related_exact(article, limit=3)
        assert served_slugs(article) == [slug_of[pk] for _, _, pk, _ in exact]
