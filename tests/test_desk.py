"""The admin's home page is the editors' desk, branded with the site's name."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Status

pytestmark = pytest.mark.django_db

DESK = reverse("admin:index")


def panel(html: str, title: str) -> str:
    """The text of the desk list called `title`."""
    start = html.index(f">{title} <span")
    return html[start : html.index("</section>", start)]


@pytest.fixture
def morning(article_factory, author_factory, reporter, editor, entity_factory):
    """A desk's worth of pieces: one of each kind, and one that names an actor."""
    now = timezone.now()
    sent = article_factory(headline="Sent by Rita", status=Status.DRAFT)
    workflow.article_submit_for_review(article=sent, by=reporter)
    author_factory(name="Eddie Editor", user=editor)
    mine = article_factory(headline="Eddie's draft", status=Status.DRAFT)
    mine.author_links.create(author=editor.author)
    article_factory(
        headline="Goes out tomorrow",
        publish_at=now.replace(microsecond=0) + timedelta(hours=20),
    )
    article_factory(headline="Next week", publish_at=now + timedelta(days=7))
    article_factory(
        headline="Late piece", status=Status.DRAFT, publish_at=now - timedelta(hours=2)
    )
    article_factory(headline="Out this morning")
    entity_factory(name="Hezbollah")
    article_factory(headline="Talks", body="Hezbollah said no.", status=Status.DRAFT)


def test_the_desk_lists_what_needs_the_editor(client_for, editor, morning):
    html = client_for(editor).get(DESK).content.decode()
    review = panel(html, "Waiting for review")
    assert "Sent by Rita" in review and "sent by Rita Reporter" in review
    scheduled = panel(html, "Scheduled (next 48 hours)")
    assert "Goes out tomorrow" in scheduled and "Next week" not in scheduled
    when = timezone.localtime(timezone.now() + timedelta(hours=20))
    assert f"{when:%-d %b %Y}" in scheduled
    assert "Late piece" in panel(html, "Overdue")
    mine = panel(html, "My drafts")
    assert "Eddie&#x27;s draft" in mine and "Sent by Rita" not in mine
    assert "Out this morning" in panel(html, "Recently published")
    found = panel(html, "Actors found but not tagged")
    assert "Talks" in found and "names Hezbollah" in found


def test_each_piece_links_to_its_change_page(client_for, editor, morning):
    from articles.models import Article

    html = client_for(editor).get(DESK).content.decode()
    late = Article.objects.get(headline="Late piece")
    link = reverse("admin:articles_article_change", args=[late.pk])
    assert f'<a href="{link}">Late piece</a>' in panel(html, "Overdue")


def test_my_drafts_include_those_i_saved_last(client_for, editor, article_factory):
    draft = article_factory(headline="Edited by Eddie", status=Status.DRAFT)
    draft.updated_by = editor
    draft.save()
    html = client_for(editor).get(DESK).content.decode()
    assert "Edited by Eddie" in panel(html, "My drafts")


def test_an_empty_desk_says_so(client_for, editor):
    html = client_for(editor).get(DESK).content.decode()
    assert "Nothing is waiting for review." in html
    assert "Nothing is overdue." in html


@pytest.mark.parametrize("count", [2, 20])
def test_the_desk_runs_a_constant_number_of_queries(
    client_for,
    editor,
    article_factory,
    entity_factory,
    django_assert_max_num_queries,
    count,
):
    entity_factory(name="Hezbollah")
    for status in [Status.DRAFT, Status.REVIEW, Status.PUBLISHED]:
        article_factory.create_batch(count, status=status, body="Hezbollah")
    desk = client_for(editor)
    desk.get(DESK)
    # Session and user; the six lists of pieces (the actors' one: the
    # vocabulary check, the tags, the actors), the actors to confirm and the
    # failed tasks; the recent actions and the apps' permissions.
    with django_assert_max_num_queries(18):
        assert desk.get(DESK).status_code == 200


def test_the_admin_bears_the_site_name(client_for, editor, settings):
    settings.SITE_NAME = "The Levant Desk"
    html = client_for(editor).get(DESK).content.decode()
    assert "<title>Desk | The Levant Desk</title>" in html
    assert '<div id="site-name"><a href="/admin/">The Levant Desk</a></div>' in html
    assert "Django administration" not in html


def test_the_apps_come_in_an_editors_order_without_taggits_tags(staff_client):
    html = staff_client.get(DESK).content.decode()
    assert "Taggit" not in html and "/admin/taggit/" not in html
    order = [
        html.index(f'class="app-{label} module')
        for label in ["articles", "entities", "authors", "images", "sections"]
    ]
    assert order == sorted(order)
    assert html.index('class="app-sections module') < html.index(
        'class="app-auth module'
    )


def test_a_reporter_sees_the_desk_too(client_for, reporter, morning):
    html = client_for(reporter).get(DESK).content.decode()
    assert "Sent by Rita" in panel(html, "Waiting for review")


def test_actors_an_import_could_not_place_wait_on_the_desk(
    client_for, editor, entity_factory
):
    sisi = entity_factory(name="Abdel Fattah el-Sisi", kind="person")
    entity_factory(
        name="Abdul Fatah Sisy", kind="person", unconfirmed=True, likely_same_as=sisi
    )
    entity_factory(name="Hamas")
    confirm = panel(client_for(editor).get(DESK).content.decode(), "Actors to confirm")
    assert "Abdul Fatah Sisy" in confirm and "likely Abdel Fattah el-Sisi" in confirm
    assert "Hamas" not in confirm
    assert "to-confirm" in confirm


def test_a_desk_without_failed_tasks_does_not_mention_them(client_for, editor):
    assert "Background tasks that failed" not in (
        client_for(editor).get(DESK).content.decode()
    )
