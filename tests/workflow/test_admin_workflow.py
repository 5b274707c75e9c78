from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status
from articles.revisions import article_versions
from entities.models import Kind
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def draft(article_factory, entity_factory):
    return article_factory(
        headline="Putin meets Netanyahu",
        status=Status.DRAFT,
        publish_at=None,
        entities=[entity_factory(name="Vladimir Putin", kind=Kind.PERSON)],
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# Reporters cannot publish, by any path.


def test_reporter_is_offered_only_draft_and_review_and_no_publish_time(
    client_for, reporter, draft
):
    page = client_for(reporter).get(change_url(draft))
    form = page.context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "review"]
    assert form.fields["publish_at"].disabled


def test_reporter_cannot_publish_by_posting_the_form(client_for, reporter, draft):
    session = client_for(reporter)
    data = change_form_data(session.get(change_url(draft)), status="published")
    response = session.post(change_url(draft), data)
    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["adminform"].form.errors)
    assert Article.objects.get().status == Status.DRAFT


def test_reporter_cannot_create_a_published_piece_by_posting(client_for, reporter):
    session = client_for(reporter)
    add = reverse("admin:articles_article_add")
    data = change_form_data(session.get(add), headline="Scoop", status="published")
    response = session.post(add, data)
    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["adminform"].form.errors)
    assert not Article.objects.exists()


def test_reporter_cannot_schedule_by_posting_a_publish_time(
    client_for, reporter, draft
):
    session = client_for(reporter)
    data = change_form_data(
        session.get(change_url(draft)),
        publish_at_0="2030-01-01",
        publish_at_1="09:00:00",
        status="review",
    )
    assert session.post(change_url(draft), data).status_code == 302
    stored = Article.objects.get()
    assert (stored.status, stored.publish_at) == (Status.REVIEW, None)


def test_reporter_cannot_publish_with_the_action(client_for, reporter, draft):
    session = client_for(reporter)
    actions = session.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "publish_now" not in dict(actions)
    session.post(CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]})
    assert Article.objects.get().status == Status.DRAFT


def test_reporter_sees_a_published_piece_read_only_and_cannot_post_to_it(
    client_for, reporter, published_article, editor
):
    session = client_for(reporter)
    page = session.get(change_url(published_article))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert 'name="actors"' not in page.content.decode(), "actors read-only"
    assert "Hamas — organisation" in page.content.decode()
    data = change_form_data(client_for(editor).get(change_url(published_article)))
    response = session.post(change_url(published_article), {**data, "headline": "X"})
    assert response.status_code == 403
    assert Article.objects.get().headline == "Hamas and Hezbollah restore ties"


def test_reporter_sends_a_draft_to_review_with_the_action(client_for, reporter, draft):
    response = client_for(reporter).post(
        CHANGELIST,
        {"action": "send_to_review", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "Sent 1 piece for review." in messages_of(response)
    assert Article.objects.get().status == Status.REVIEW


# Editors.


def test_editor_publishes_with_the_action_and_readers_see_it(
    client, client_for, editor, draft
):
    response = client_for(editor).post(
        CHANGELIST,
        {"action": "publish_now", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "Published 1 piece." in messages_of(response)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_actions_say_what_they_could_not_do(
    client_for, editor, draft, published_article
):
    response = client_for(editor).post(
        CHANGELIST,
        {
            "action": "withdraw",
            "confirmed": "yes",
            "_selected_action": [draft.pk, published_article.pk],
        },
        follow=True,
    )
    assert messages_of(response) == [
        "“Putin meets Netanyahu” is not published, so cannot be withdrawn.",
        "Withdrew 1 piece.",
    ]
    assert Article.objects.get(pk=published_article.pk).status == Status.WITHDRAWN


def test_editor_schedules_through_the_form(client_for, editor, draft):
    session = client_for(editor)
    at = timezone.now() + timedelta(days=1)
    data = change_form_data(
        session.get(change_url(draft)),
        status="published",
        publish_at_0=at.strftime("%Y-%m-%d"),
        publish_at_1=at.strftime("%H:%M:%S"),
    )
    assert session.post(change_url(draft), data).status_code == 302
    stored = Article.objects.get()
    assert stored.status == Status.PUBLISHED
    assert not stored.is_public
    assert stored.updated_by == editor


# No lost edits.


def test_second_admin_save_is_refused_saying_who_saved_and_what_changed(
    client_for, editor, user_factory, draft
):
    other = user_factory(
        username="olga", first_name="Olga", last_name="Ortiz", groups=["Editors"]
    )
    mine, theirs = client_for(editor), client_for(other)
    my_page, their_page = mine.get(change_url(draft)), theirs.get(change_url(draft))
    theirs.post(
        change_url(draft),
        change_form_data(their_page, headline="Putin and Netanyahu meet in Moscow"),
    )
    response = mine.post(
        change_url(draft), change_form_data(my_page, body="My rewrite of the body.")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Olga Ortiz saved this piece" in html
    assert "Putin <del>and</del><ins>meets</ins> Netanyahu<del> meet in Moscow" in html
    assert "<ins>My rewrite of the body.</ins>" in html
    assert "My rewrite of the body." in html, "what I typed is still in the form"
    stored = Article.objects.get()
    assert (stored.headline, stored.body) == (
        "Putin and Netanyahu meet in Moscow",
        draft.body,
    )


def test_a_save_after_reloading_goes_through(client_for, editor, draft):
    session = client_for(editor)
    for headline in ["First edit", "Second edit"]:
        page = session.get(change_url(draft))
        assert (
            session.post(change_url(draft), change_form_data(page, headline=headline))
        ).status_code == 302
    assert Article.objects.get().headline == "Second edit"


# Revisions in the admin.


def test_admin_saves_keep_revisions_saying_who_was_tagged(
    client_for, editor, entity_factory
):
    hamas = entity_factory(name="Hamas")
    session = client_for(editor)
    page = session.get(reverse("admin:articles_article_add"))
    session.post(
        reverse("admin:articles_article_add"),
        change_form_data(
            page,
            headline="Hamas elects a leader",
            actors=[str(hamas.pk)],
        ),
    )
    article = Article.objects.get()
    version = article_versions(article).get()
    assert version.revision.user == editor
    assert version.revision.comment == "Added. Tagged Hamas."
    assert sorted(v.object_repr for v in version.revision.version_set.all()) == [
        "Hamas elects a leader",
        "Hamas elects a leader — Hamas",
    ]


@pytest.fixture
def edited(draft, editor, entity_factory):
    """A draft saved twice: the second time with another headline and actor."""
    workflow.article_save(article=draft, by=editor, comment="First.")
    draft.headline = "Putin hosts Netanyahu in Moscow"
    draft.entities.set([entity_factory(name="Russia", kind=Kind.COUNTRY)])
    workflow.article_save(article=draft, by=editor, comment="Second.")
    return draft


def test_history_lists_revisions_with_who_and_what(client_for, editor, edited):
    page = client_for(editor).get(
        reverse("admin:articles_article_history", args=[edited.pk])
    )
    html = page.content.decode()
    assert html.index("Second.") < html.index("First.")
    assert html.count("Eddie Editor") == 2
    assert "Restore…" in html


def test_comparing_two_revisions_shows_changed_words_and_actors(
    client_for, editor, edited
):
    first, second = (v.revision_id for v in reversed(article_versions(edited)))
    page = client_for(editor).get(
        reverse("admin:articles_article_compare", args=[edited.pk]),
        {"revision": [second, first]},
    )
    html = page.content.decode()
    assert "<del>meets</del><ins>hosts</ins> Netanyahu<ins> in Moscow</ins>" in html
    assert "<del>Vladimir Putin</del>" in html
    assert "<ins>Russia</ins>" in html


def test_compare_needs_two_revisions(client_for, editor, edited):
    response = client_for(editor).get(
        reverse("admin:articles_article_compare", args=[edited.pk]), follow=True
    )
    assert "Choose two revisions to compare." in messages_of(response)


def test_restoring_from_the_admin_brings_back_headline_and_actors(
    client_for, editor, edited
):
    first = list(article_versions(edited))[-1].revision_id
    url = reverse("admin:articles_article_restore", args=[edited.pk, first])
    session = client_for(editor)
    confirm = session.get(url)
    assert "<ins>Vladimir Putin</ins>" in confirm.content.decode()
    response = session.post(url, {"base_version": edited.version}, follow=True)
    assert messages_of(response)[0].startswith("Restored the version of")
    stored = Article.objects.get()
    assert stored.headline == "Putin meets Netanyahu"
    assert list(stored.entities.names()) == ["Vladimir Putin"]


def test_restoring_from_a_stale_page_is_refused(client_for, editor, edited):
    first = list(article_versions(edited))[-1].revision_id
    url = reverse("admin:articles_article_restore", args=[edited.pk, first])
    response = client_for(editor).post(
        url, {"base_version": edited.version - 1}, follow=True
    )
    assert "Eddie Editor saved this piece" in messages_of(response)[0]
    assert Article.objects.get().headline == "Putin hosts Netanyahu in Moscow"


# The list.


def test_list_shows_status_time_section_and_authors(
    client_for, editor, draft, article_factory, author_factory
):
    workflow.article_submit_for_review(article=draft, by=editor)
    at = timezone.now().replace(year=2030, month=12, day=2, hour=9, minute=0)
    scheduled = article_factory(publish_at=at, byline="")
    scheduled.author_links.create(author=author_factory(name="Rita Reporter"))
    html = client_for(editor).get(CHANGELIST).content.decode()
    for cell in [
        '<td class="field-state">In review</td>',
        '<td class="field-state">Scheduled</td>',
        # A section is a choice now: Django's admin keeps a key's cell on one line.
        '<td class="field-section nowrap">Middle East</td>',
        '<td class="field-credited">Rita Reporter</td>',
        '<td class="field-moment">2 Dec 2030, 09:00 UTC</td>',
    ]:
        assert cell in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"timing": "scheduled"}, ["Scheduled"]),
        ({"timing": "overdue"}, ["Overdue review"]),
        ({"timing": "stale"}, ["Old draft"]),
        ({"actor_kind": "person"}, ["Old draft", "Overdue review"]),
        ({"status__exact": "published"}, ["Live", "Scheduled"]),
        ({"q": "Hezbollah"}, ["Live"]),
    ],
)
def test_filters_and_search(
    client_for, editor, article_factory, entity_factory, query, expected
):
    now = timezone.now()
    person = entity_factory(name="Someone", kind=Kind.PERSON)
    hezbollah = entity_factory(name="Hezbollah")
    article_factory(headline="Live", entities=[hezbollah])
    article_factory(headline="Scheduled", publish_at=now + timedelta(hours=2))
    article_factory(
        headline="Overdue review",
        status=Status.REVIEW,
        publish_at=now - timedelta(hours=1),
        entities=[person],
    )
    old = article_factory(
        headline="Old draft",
        status=Status.DRAFT,
        publish_at=None,
        entities=[person, entity_factory(name="Other person", kind=Kind.PERSON)],
    )
    Article.objects.filter(pk=old.pk).update(updated_at=now - timedelta(days=30))
    result = client_for(editor).get(CHANGELIST, query).context["cl"].result_list
    assert sorted(a.headline for a in result) == expected


def test_empty_states_say_what_to_do(client_for, editor, article_factory):
    session = client_for(editor)
    assert "Write the first one" in session.get(CHANGELIST).content.decode()
    article_factory()
    html = session.get(CHANGELIST, {"q": "nothing like this"}).content.decode()
    assert "No piece matches “nothing like this”" in html


@pytest.mark.parametrize("count", [2, 20])
def test_list_query_count_does_not_grow(
    client_for,
    editor,
    article_factory,
    entity_factory,
    author_factory,
    count,
    django_assert_max_num_queries,
):
    actors = [entity_factory() for _ in range(3)]
    for _ in range(count):
        article = article_factory(entities=actors, updated_by=editor)
        article.author_links.create(author=author_factory())
    session = client_for(editor)
    # The pieces, their authors in one prefetch, the author and section filters.
    with django_assert_max_num_queries(13):
        assert session.get(CHANGELIST).status_code == 200


def test_view_on_site_is_the_page_when_public_else_the_preview(
    client_for, editor, draft, published_article
):
    session = client_for(editor)
    public = session.get(change_url(published_article)).context["absolute_url"]
    hidden = session.get(change_url(draft)).context["absolute_url"]
    assert public == published_article.get_absolute_url()
    assert hidden == reverse("articles:preview", kwargs={"slug": draft.slug})


def test_a_save_overtaken_after_validation_keeps_what_was_typed(
    client_for, editor, draft, monkeypatch
):
    """The model's version check catches a save landing between check and
    write; the editor then gets the conflict form with their own text."""
    check = workflow.article_check_write

    def overtaken(*, article, by):
        check(article=article, by=by)
        Article.objects.filter(pk=draft.pk).update(
            headline="Saved meanwhile", version=F("version") + 1
        )

    session = client_for(editor)
    data = change_form_data(session.get(change_url(draft)), headline="Mine")
    monkeypatch.setattr(workflow, "article_check_write", overtaken)
    response = session.post(change_url(draft), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved this piece after you opened it" in html
    assert "<del>Saved meanwhile</del><ins>Mine</ins>" in html
    assert response.context["adminform"].form["headline"].value() == "Mine"
    # The stand-in for the other save shares the request's transaction, so it
    # is rolled back with it: what matters is that nothing of "Mine" was written.
    assert Article.objects.get().headline == "Putin meets Netanyahu"


@pytest.mark.parametrize("saves", [2, 12])
def test_history_query_count_does_not_grow(
    client_for, editor, draft, saves, django_assert_max_num_queries
):
    for number in range(saves):
        draft.headline = f"Take {number}"
        workflow.article_save(article=draft, by=editor)
    session = client_for(editor)
    with django_assert_max_num_queries(8):
        page = session.get(reverse("admin:articles_article_history", args=[draft.pk]))
    assert page.content.decode().count("Restore…") == saves - 1
