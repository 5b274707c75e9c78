"""A topic is current by itself: the next request after a write shows it,
stored pages or not, with no command run."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.autotagging import articles_tags_add
from articles.models import Status
from entities.merging import entity_merge
from tests.admin_forms import change_form_data
from topics import ranking

pytestmark = pytest.mark.django_db

TOPIC = "/topics/axis/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def stored(reader, django_assert_num_queries):
    """GET `url` twice as a reader: the second from the page cache."""

    def get(url: str) -> str:
        first = reader.get(url)
        assert first.status_code == 200
        with django_assert_num_queries(0):
            again = reader.get(url)
        assert again.content == first.content
        return again.content.decode()

    return get


@pytest.fixture
def axis(actors, article_factory, topic_factory):
    a = actors
    article_factory(headline="Iran funds Hamas", entities=[a["Hamas"], a["Iran"]])
    # Iran is covered more often than Hezbollah.
    article_factory(headline="Iran votes", entities=[a["Iran"]])
    return topic_factory(
        slug="axis", all_of=[a["Hamas"]], any_of=[a["Hezbollah"], a["Iran"]]
    )


def test_tagging_a_new_piece_in_the_admin_puts_it_on_the_page(
    stored, reader, client_for, committed, editor, actors, article_factory, axis
):
    piece = article_factory(headline="Hezbollah and Hamas restore ties")
    assert "restore ties" not in stored(TOPIC)
    assert "restore ties" not in stored("/api/topics/axis")
    session = client_for(editor)
    change = reverse("admin:articles_article_change", args=[piece.pk])
    data = change_form_data(session.get(change))
    data["actors"] = [actors["Hamas"].pk, actors["Hezbollah"].pk]
    with committed():
        assert session.post(change, data).status_code == 302
    page = reader.get(TOPIC).content.decode()
    assert "Hezbollah and Hamas restore ties" in page
    # Sharing Hamas and the rarer Hezbollah, above the piece on Hamas and Iran.
    assert page.index("restore ties") < page.index("Iran funds Hamas")
    assert "restore ties" in reader.get("/api/topics/axis").content.decode()
    assert "restore ties" in reader.get(f"{TOPIC}feed/").content.decode()


def test_autotagging_puts_a_piece_on_the_page(
    stored, reader, committed, actors, article_factory, axis
):
    piece = article_factory(headline="Hezbollah and Hamas restore ties")
    assert "restore ties" not in stored(TOPIC)
    with committed():
        articles_tags_add(
            links=[(piece, actors["Hamas"]), (piece, actors["Hezbollah"])]
        )
    assert "restore ties" in reader.get(TOPIC).content.decode()


def test_withdrawing_takes_a_piece_off_the_page(
    stored, reader, committed, editor, axis
):
    from articles import workflow
    from articles.models import Article

    assert "Iran funds Hamas" in stored(TOPIC)
    with committed():
        workflow.article_withdraw(
            article=Article.objects.get(headline="Iran funds Hamas"), by=editor
        )
    assert "Iran funds Hamas" not in reader.get(TOPIC).content.decode()


def test_a_merged_actor_keeps_its_place_in_the_rule(
    reader, committed, actors, article_factory, entity_factory, topic_factory
):
    hizbollah = entity_factory(name="Hizbollah")
    article_factory(
        headline="Hizbollah's fronts", entities=[actors["Hamas"], hizbollah]
    )
    topic_factory(slug="axis", all_of=[actors["Hamas"]], any_of=[hizbollah])
    with committed():
        entity_merge(source=hizbollah, target=actors["Hezbollah"])
    page = reader.get(TOPIC).content.decode()
    assert "Hizbollah&#x27;s fronts" in page
    assert reader.get("/api/topics/axis").json()["rule"]["any_of"][0]["name"] == (
        "Hezbollah"
    )


def test_a_merge_ranks_each_topic_it_touches_once(
    monkeypatch, committed, actors, article_factory, entity_factory, topic_factory
):
    hizbollah = entity_factory(name="Hizbollah")
    article_factory(entities=[actors["Hamas"], hizbollah])
    axis = topic_factory(slug="axis", all_of=[actors["Hamas"]], any_of=[hizbollah])
    ranked = []
    refresh = ranking.topic_refresh
    monkeypatch.setattr(
        ranking,
        "topic_refresh",
        lambda *, topic: ranked.append(topic.pk) or refresh(topic=topic),
    )
    with committed():
        entity_merge(source=hizbollah, target=actors["Hezbollah"])
    assert ranked == [axis.pk]


def test_merging_an_actor_on_no_piece_still_updates_its_topics(
    reader, committed, actors, article_factory, entity_factory, topic_factory
):
    article_factory(headline="Hezbollah's fronts", entities=[actors["Hezbollah"]])
    unused = entity_factory(name="Hizbullah")
    topic_factory(slug="axis", any_of=[unused])
    assert "fronts" not in reader.get(TOPIC).content.decode()
    with committed():
        entity_merge(source=unused, target=actors["Hezbollah"])
    assert "Hezbollah&#x27;s fronts" in reader.get(TOPIC).content.decode()


def test_a_scheduled_piece_appears_on_time_with_no_write(
    reader, actors, article_factory, axis
):
    # Published for later, written through the import path's refresh.
    from articles.changes import articles_changed

    later = article_factory(
        headline="Scheduled axis piece",
        status=Status.PUBLISHED,
        publish_at=timezone.now() + timedelta(hours=2),
        entities=[actors["Hamas"], actors["Iran"]],
    )
    articles_changed(article_ids=[later.pk])
    assert "Scheduled axis piece" not in reader.get(TOPIC).content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert "Scheduled axis piece" in reader.get(TOPIC).content.decode()
