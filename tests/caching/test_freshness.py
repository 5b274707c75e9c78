"""Every change readers can see shows on the very next request, stored pages or not."""

from datetime import timedelta

import pytest
import time_machine
from django.db import OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.autotagging import articles_tags_add
from articles.models import Status
from entities.merging import entity_merge
from newsroom.page_cache import pages_changed
from tests.admin_forms import change_form_data, post_a_new_correction

pytestmark = pytest.mark.django_db

HOME = "/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the writes in the block as committed: what follows a commit follows."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_publishing_shows_at_once(stored, client, committed, editor, article_factory):
    draft = article_factory(headline="Ceasefire agreed", status=Status.DRAFT)
    assert "Ceasefire agreed" not in stored(HOME)
    assert client.get(draft.get_absolute_url()).status_code == 404
    with committed():
        workflow.article_publish(article=draft, by=editor)
    assert "Ceasefire agreed" in client.get(HOME).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_withdrawing_shows_at_once(
    stored, client, committed, editor, published_article
):
    url = published_article.get_absolute_url()
    assert published_article.headline in stored(HOME)
    stored(url)
    stored(f"/api/articles/{published_article.slug}")
    with committed():
        workflow.article_withdraw(article=published_article, by=editor)
    assert published_article.headline not in client.get(HOME).content.decode()
    assert client.get(url).status_code == 410
    assert client.get(f"/api/articles/{published_article.slug}").status_code == 410


def test_an_edit_in_the_admin_shows_at_once(
    stored, client, client_for, committed, editor, published_article
):
    url = published_article.get_absolute_url()
    stored(url)
    session = client_for(editor)
    change = reverse("admin:articles_article_change", args=[published_article.pk])
    data = change_form_data(session.get(change), headline="Hamas and Hezbollah split")
    with committed():
        assert session.post(change, data).status_code == 302
    page = client.get(url).content.decode()
    assert "Hamas and Hezbollah split" in page
    assert "Hamas and Hezbollah restore ties" not in page


def test_tagging_in_the_admin_shows_at_once(
    stored,
    client,
    client_for,
    committed,
    editor,
    published_article,
    entity_factory,
    article_factory,
):
    iran = entity_factory(name="Iran")
    article_factory(entities=[iran])
    assert published_article.headline not in stored(iran.get_absolute_url())
    session = client_for(editor)
    change = reverse("admin:articles_article_change", args=[published_article.pk])
    page = session.get(change)
    data = change_form_data(page)
    data["actors"] = [*data["actors"], iran.pk]
    with committed():
        assert session.post(change, data).status_code == 302
    assert (
        published_article.headline
        in client.get(iran.get_absolute_url()).content.decode()
    )
    assert "Iran" in client.get(published_article.get_absolute_url()).content.decode()


def test_auto_tagging_shows_at_once(
    stored, client, committed, published_article, entity_factory, article_factory
):
    iran = entity_factory(name="Iran")
    article_factory(entities=[iran])
    assert published_article.headline not in stored(iran.get_absolute_url())
    with committed():
        articles_tags_add(links=[(published_article, iran)])
    assert (
        published_article.headline
        in client.get(iran.get_absolute_url()).content.decode()
    )


def test_merging_shows_at_once(
    stored, client, committed, published_article, entity_factory
):
    hizbollah = entity_factory(name="Hizbollah")
    published_article.entities.add(hizbollah)
    hezbollah = published_article.entities.get(name="Hezbollah")
    stored(hizbollah.get_absolute_url())
    stored(published_article.get_absolute_url())
    with committed():
        entity_merge(source=hizbollah, target=hezbollah)
    assert client.get(hizbollah.get_absolute_url()).status_code == 301
    assert (
        "Hizbollah"
        not in client.get(published_article.get_absolute_url()).content.decode()
    )


def test_an_actor_edit_in_the_admin_shows_at_once(
    stored, client, client_for, committed, editor, published_article
):
    hamas = published_article.entities.get(name="Hamas")
    stored(published_article.get_absolute_url())
    session = client_for(editor)
    change = reverse("admin:entities_entity_change", args=[hamas.pk])
    data = change_form_data(session.get(change), description="Palestinian movement")
    with committed():
        assert session.post(change, data).status_code == 302
    api = client.get("/api/entities/hamas").json()
    assert api["description"] == "Palestinian movement"
    renamed = change_form_data(session.get(change), name="Harakat al-Muqawama")
    with committed():
        assert session.post(change, renamed).status_code == 302
    assert (
        "Harakat al-Muqawama"
        in client.get(published_article.get_absolute_url()).content.decode()
    )


def test_deleting_in_the_admin_shows_at_once(
    stored, client, client_for, committed, editor, published_article
):
    url = published_article.get_absolute_url()
    stored(url)
    session = client_for(editor)
    delete = reverse("admin:articles_article_delete", args=[published_article.pk])
    with committed():
        assert session.post(delete, {"post": "yes"}).status_code == 302
    assert client.get(url).status_code == 404


@pytest.fixture
def travelling_cache(settings):
    """Time travel moves the local-memory cache's clock; a Redis server keeps
    its own (tests/caching/test_redis.py checks the expiry it is given)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }


def test_a_scheduled_piece_appears_when_its_time_comes(
    travelling_cache, stored, client, article_factory
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        article_factory(
            headline="Embargoed report", publish_at=start + timedelta(minutes=1)
        )
        assert "Embargoed report" not in stored(HOME)
        assert "Embargoed report" not in stored("/feeds/latest/")
    with time_machine.travel(start + timedelta(minutes=1, seconds=1), tick=False):
        assert "Embargoed report" in client.get(HOME).content.decode()
        assert "Embargoed report" in client.get("/feeds/latest/").content.decode()


def test_without_a_scheduled_piece_a_stored_page_lasts_its_setting(
    travelling_cache, stored, client, django_assert_num_queries
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        stored(HOME)
    with time_machine.travel(start + timedelta(seconds=299), tick=False):
        with django_assert_num_queries(0):
            client.get(HOME)
    with time_machine.travel(start + timedelta(seconds=301), tick=False):
        assert client.get(HOME).status_code == 200
        with django_assert_num_queries(0):
            client.get(HOME)


def test_a_stored_page_reads_the_database_once_per_recheck_period(
    travelling_cache, stored, client, settings, django_assert_num_queries
):
    settings.PAGE_GENERATION_RECHECK_SECONDS = 1.0
    with time_machine.travel(timezone.now(), tick=False) as clock:
        stored(HOME)
        clock.shift(settings.PAGE_GENERATION_RECHECK_SECONDS)
        # The content generation, by primary key; the page is still the stored one.
        with django_assert_num_queries(1):
            client.get(HOME)
        with django_assert_num_queries(0):
            client.get(HOME)


def database_gone(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


def test_stored_pages_are_served_while_the_database_cannot_be_asked(
    travelling_cache, stored, client, settings
):
    settings.PAGE_GENERATION_RECHECK_SECONDS = 1.0
    with time_machine.travel(timezone.now(), tick=False) as clock:
        page = stored(HOME)
        clock.shift(settings.PAGE_GENERATION_RECHECK_SECONDS)
        # Nothing commits while it is down: what it said last still holds.
        with connection.execute_wrapper(database_gone):
            assert client.get(HOME).content.decode() == page


def test_a_failed_generation_bump_stops_no_other_commit_hook(committed, caplog):
    ran = []
    with connection.execute_wrapper(database_gone), committed():
        pages_changed()
        transaction.on_commit(lambda: ran.append("next hook"))
    assert ran == ["next hook"]
    assert "server closed the connection unexpectedly" in caplog.text


def test_editing_an_author_in_the_admin_shows_at_once(
    stored, client, client_for, committed, editor, article_factory, author_factory
):
    author = author_factory(name="Dana Levin", role="Jerusalem correspondent")
    piece = article_factory(byline="", authors=[author])
    stored(piece.get_absolute_url())
    stored(author.get_absolute_url())
    session = client_for(editor)
    change = reverse("admin:authors_author_change", args=[author.pk])
    data = change_form_data(
        session.get(change), name="Dana Levin-Katz", role="Gaza correspondent"
    )
    with committed():
        assert session.post(change, data).status_code == 302
    assert (
        ">Dana Levin-Katz</a>" in client.get(piece.get_absolute_url()).content.decode()
    )
    assert (
        "Gaza correspondent" in client.get(author.get_absolute_url()).content.decode()
    )


def test_a_correction_in_the_admin_shows_at_once(
    stored, client, client_for, committed, editor, published_article
):
    url = published_article.get_absolute_url()
    stored(url)
    stored("/corrections/")
    session = client_for(editor)
    with committed():
        response = post_a_new_correction(
            session, published_article, "The talks were on Monday."
        )
        assert response.status_code == 302
    assert "The talks were on Monday." in client.get(url).content.decode()
    assert "The talks were on Monday." in client.get("/corrections/").content.decode()
