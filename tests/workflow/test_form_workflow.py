"""The change form's workflow buttons, each answered in words, and withdrawing
only after a confirmation, from the form or the list."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article, Status
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def draft(article_factory):
    return article_factory(
        headline="Putin meets Netanyahu", status=Status.DRAFT, publish_at=None
    )


def buttons(page) -> list[str]:
    return [label for _, label in page.context["moves"]]


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_each_user_is_offered_the_moves_they_may_make(
    client_for, reporter, editor, draft, published_article
):
    assert buttons(client_for(reporter).get(change_url(draft))) == ["Send for review"]
    assert buttons(client_for(editor).get(change_url(draft))) == [
        "Send for review",
        "Publish now",
        "Schedule…",
    ]
    page = client_for(editor).get(change_url(published_article))
    assert page.context["may_withdraw"]
    assert "Withdraw…" in page.content.decode()
    assert not client_for(editor).get(change_url(draft)).context["may_withdraw"]


def test_sending_for_review_says_so_and_stays_on_the_piece(client_for, reporter, draft):
    session = client_for(reporter)
    data = change_form_data(session.get(change_url(draft)), _move="review")
    response = session.post(change_url(draft), data, follow=True)
    assert response.redirect_chain[-1][0] == change_url(draft)
    assert messages_of(response) == ["Sent for review: “Putin meets Netanyahu”."]
    assert Article.objects.get().status == Status.REVIEW


def test_a_reporter_cannot_publish_with_a_forged_button(client_for, reporter, draft):
    session = client_for(reporter)
    data = change_form_data(session.get(change_url(draft)), _move="publish")
    response = session.post(change_url(draft), data)
    assert response.status_code == 200
    assert "You may not do that to this piece." in str(
        response.context["adminform"].form.errors
    )
    assert Article.objects.get().status == Status.DRAFT


def test_scheduling_names_the_time_in_the_one_format(client_for, editor, draft):
    session = client_for(editor)
    data = change_form_data(
        session.get(change_url(draft)),
        _move="schedule",
        publish_at_0="2026-12-02",
        publish_at_1="09:00:00",
    )
    response = session.post(change_url(draft), data, follow=True)
    assert "Scheduled for 2 Dec 2026, 09:00 UTC: “Putin meets Netanyahu”." in (
        messages_of(response)
    )
    stored = Article.objects.get()
    assert (stored.status, stored.is_scheduled) == (Status.PUBLISHED, True)


def test_scheduling_needs_a_future_time(client_for, editor, draft):
    session = client_for(editor)
    data = change_form_data(session.get(change_url(draft)), _move="schedule")
    response = session.post(change_url(draft), data)
    assert response.context["adminform"].form.errors["publish_at"] == [
        "To schedule, set a publish time in the future."
    ]
    assert Article.objects.get().status == Status.DRAFT


def test_publishing_warns_of_what_is_missing_but_publishes(
    client, client_for, editor, article_factory
):
    bare = article_factory(
        headline="Bare", standfirst="", byline="", section="", status=Status.DRAFT
    )
    session = client_for(editor)
    data = change_form_data(session.get(change_url(bare)), _move="publish")
    response = session.post(change_url(bare), data, follow=True)
    assert messages_of(response) == [
        "Published: “Bare”.",
        "“Bare” is published without a standfirst, an author, a section.",
    ]
    assert client.get(Article.objects.get().get_absolute_url()).status_code == 200


def test_withdrawing_from_the_form_asks_first(
    client, client_for, editor, published_article
):
    session = client_for(editor)
    url = reverse("admin:articles_article_withdraw", args=[published_article.pk])
    page = session.get(url)
    assert "Yes, withdraw it" in page.content.decode()
    assert Article.objects.get().status == Status.PUBLISHED
    response = session.post(
        url, {"base_version": published_article.version}, follow=True
    )
    assert messages_of(response) == ["Withdrawn: “Hamas and Hezbollah restore ties”."]
    assert Article.objects.get().status == Status.WITHDRAWN
    assert session.post(url, {}).status_code == 400


def test_withdrawing_from_the_list_asks_first(client_for, editor, published_article):
    session = client_for(editor)
    ticked = {"action": "withdraw", "_selected_action": [published_article.pk]}
    page = session.post(CHANGELIST, ticked)
    assert page.status_code == 200
    assert "Yes, withdraw it" in page.content.decode()
    assert Article.objects.get().status == Status.PUBLISHED
    session.post(CHANGELIST, {**ticked, "confirmed": "yes"})
    assert Article.objects.get().status == Status.WITHDRAWN


def test_a_reporter_cannot_withdraw(client_for, reporter, published_article):
    url = reverse("admin:articles_article_withdraw", args=[published_article.pk])
    assert client_for(reporter).get(url).status_code == 403


def test_the_admin_writes_moments_one_way(client_for, editor, article_factory):
    piece = article_factory(publish_at=datetime(2017, 7, 24, 14, 0, tzinfo=UTC))
    html = client_for(editor).get(change_url(piece)).content.decode()
    assert "24 Jul 2017, 14:00 UTC" in html
    assert "2 p.m." not in html
