"""Building topics in the admin: who may publish, revisions, bounded pages."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from reversion.models import Version

from articles.models import Status
from tests.admin_forms import change_form_data
from topics.models import Part, Topic
from topics.ranking import topic_articles

pytestmark = pytest.mark.django_db

ADD = reverse("admin:topics_topic_add")
CHANGELIST = reverse("admin:topics_topic_changelist")


def change_url(topic) -> str:
    return reverse("admin:topics_topic_change", args=[topic.pk])


def new_topic(actors, **changes) -> dict:
    a = actors
    return {
        "title": "Hamas, Hezbollah and Iran",
        "slug": "",
        "status": Status.DRAFT,
        "intro": "The axis and its fronts.",
        "all_of": [a["Hamas"].pk],
        "any_of": [a["Hezbollah"].pk, a["Iran"].pk],
        "min_shared": "1",
        "none_of": [a["Egypt"].pk],
        "since": "",
        "until": "",
        "pins-TOTAL_FORMS": "0",
        "pins-INITIAL_FORMS": "0",
        "pins-MIN_NUM_FORMS": "0",
        "pins-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    } | changes


@pytest.fixture
def pieces(actors, article_factory):
    a = actors
    return {
        "all-three": article_factory(
            slug="all-three", entities=[a["Hamas"], a["Hezbollah"], a["Iran"]]
        ),
        "hamas-iran": article_factory(
            slug="hamas-iran", entities=[a["Hamas"], a["Iran"]]
        ),
        "hamas-only": article_factory(slug="hamas-only", entities=[a["Hamas"]]),
    }


def test_reporters_draft_topics_and_editors_publish_them(reporter, editor):
    drafting = {
        "topics.add_topic",
        "topics.change_topic",
        "topics.view_topic",
        "topics.add_topicpin",
        "topics.delete_topicpin",
    }
    assert all(reporter.has_perm(name) for name in drafting)
    assert not reporter.has_perm("topics.publish_topic")
    assert not reporter.has_perm("topics.delete_topic")
    assert all(editor.has_perm(name) for name in drafting)
    assert editor.has_perm("topics.publish_topic")
    assert editor.has_perm("topics.delete_topic")


def test_the_admin_lists_topics_after_sections(client_for, editor):
    apps = client_for(editor).get(reverse("admin:index")).context["app_list"]
    labels = [app["app_label"] for app in apps]
    assert labels.index("topics") == labels.index("sections") + 1


def test_a_reporter_drafts_a_topic_with_its_rule_and_pins(
    client_for, reporter, actors, pieces
):
    session = client_for(reporter)
    answer = session.post(
        ADD,
        new_topic(
            actors,
            **{
                "pins-TOTAL_FORMS": "1",
                "pins-0-article": pieces["hamas-only"].pk,
                "pins-0-order": "0",
            },
        ),
    )
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    topic = Topic.objects.get()
    assert topic.status == Status.DRAFT
    assert topic.slug == "hamas-hezbollah-and-iran"
    assert {(link.part, link.tag.name) for link in topic.actor_links.all()} == {
        (Part.ALL_OF, "Hamas"),
        (Part.ANY_OF, "Hezbollah"),
        (Part.ANY_OF, "Iran"),
        (Part.NONE_OF, "Egypt"),
    }
    assert [p.slug for p in topic_articles(topic=topic)][0] == "hamas-only"


def test_a_reporter_cannot_publish_a_topic(client_for, reporter, actors):
    session = client_for(reporter)
    answer = session.post(ADD, new_topic(actors, status=Status.PUBLISHED))
    assert answer.status_code == 200
    assert answer.context["adminform"].form.errors["status"] == [
        "Only editors publish a topic: save it as a draft and ask one."
    ]
    assert not Topic.objects.exists()


def test_an_editor_publishes_and_the_page_shows_it(
    client_for, editor, actors, pieces, client
):
    session = client_for(editor)
    answer = session.post(ADD, new_topic(actors, status=Status.PUBLISHED))
    assert answer.status_code == 302
    topic = Topic.objects.get()
    assert topic.is_public
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_a_published_topic_is_the_editors(
    client_for, reporter, editor, actors, topic_factory
):
    a = actors
    topic = topic_factory(all_of=[a["Hamas"]], status=Status.PUBLISHED)
    page = client_for(reporter).get(change_url(topic))
    # Seen, not changed: what readers see is an editor's to change.
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert b"topic-preview" not in page.content, "no preview of a rule not editable"
    post = client_for(reporter).post(change_url(topic), new_topic(actors))
    assert post.status_code == 403
    assert Topic.objects.get().status == Status.PUBLISHED
    assert client_for(editor).get(change_url(topic)).context["has_change_permission"]


def test_a_reporter_cannot_unpublish_either(client_for, reporter, actors):
    """Nor change a draft's status in any other way than an editor would."""
    session = client_for(reporter)
    assert session.post(ADD, new_topic(actors)).status_code == 302
    topic = Topic.objects.get()
    data = change_form_data(session.get(change_url(topic)), status=Status.PUBLISHED)
    answer = session.post(change_url(topic), data)
    assert answer.status_code == 200
    assert "status" in answer.context["adminform"].form.errors


def test_the_publish_action_is_the_editors(
    client_for, reporter, editor, actors, topic_factory
):
    a = actors
    topic = topic_factory(all_of=[a["Hamas"]], status=Status.DRAFT)
    action = {"action": "publish", ACTION_CHECKBOX_NAME: [topic.pk]}
    listed = client_for(reporter).get(CHANGELIST)
    assert "Publish the chosen topics" not in listed.content.decode()
    assert (
        "Publish the chosen topics"
        in client_for(editor).get(CHANGELIST).content.decode()
    )
    client_for(reporter).post(CHANGELIST, action)
    assert Topic.objects.get().status == Status.DRAFT
    answer = client_for(editor).post(CHANGELIST, action, follow=True)
    assert "Published 1 topic." in answer.content.decode()
    assert Topic.objects.get().status == Status.PUBLISHED
    client_for(editor).post(CHANGELIST, {**action, "action": "unpublish"})
    assert Topic.objects.get().status == Status.DRAFT


def test_each_save_keeps_a_revision_with_its_rule_that_can_be_restored(
    client_for, editor, actors, pieces
):
    a = actors
    session = client_for(editor)
    session.post(ADD, new_topic(actors, **{"any_of": [a["Hezbollah"].pk]}))
    topic = Topic.objects.get()
    data = change_form_data(
        session.get(change_url(topic)),
        any_of=[a["Iran"].pk],
        title="Hamas and Iran",
        _save="Save",
    )
    assert session.post(change_url(topic), data).status_code == 302
    versions = Version.objects.get_for_object(topic)
    assert versions.count() == 2
    first = versions.last()
    history = session.get(reverse("admin:topics_topic_history", args=[topic.pk]))
    assert history.status_code == 200
    revision_url = reverse("admin:topics_topic_revision", args=[topic.pk, first.pk])
    assert revision_url in history.content.decode()

    # The revision's page holds the old rule; saving it restores that.
    old = session.get(revision_url)
    assert old.status_code == 200
    assert b'class="module topic-preview"' in old.content, "previewed as restored"
    form = old.context["adminform"].form
    assert form["title"].value() == "Hamas, Hezbollah and Iran"
    assert [int(pk) for pk in form["any_of"].value()] == [a["Hezbollah"].pk]
    assert Topic.objects.get().title == "Hamas and Iran", "not restored on a look"
    assert (
        session.post(revision_url, change_form_data(old, _save="Save")).status_code
        == 302
    )
    topic.refresh_from_db()
    assert topic.title == "Hamas, Hezbollah and Iran"
    assert [e.name for e in topic.any_of] == ["Hezbollah"]
    assert [p.slug for p in topic_articles(topic=topic)] == ["all-three"]


def test_admin_pages_queries_are_bounded(
    client_for,
    editor,
    actors,
    article_factory,
    topic_factory,
    django_assert_max_num_queries,
):
    a = actors
    session = client_for(editor)
    pieces = [article_factory(entities=[a["Hamas"], a["Iran"]]) for _ in range(12)]
    topics = [
        topic_factory(
            title=f"Topic {n}",
            all_of=[a["Hamas"]],
            any_of=[a["Iran"], a["Hezbollah"]],
            none_of=[a["Egypt"]],
            pinned=pieces[:4],
            excluded=pieces[4:8],
        )
        for n in range(6)
    ]
    with django_assert_max_num_queries(12):
        assert session.get(CHANGELIST).status_code == 200
    with django_assert_max_num_queries(20):
        assert session.get(ADD).status_code == 200
    with django_assert_max_num_queries(40):
        assert session.get(change_url(topics[0])).status_code == 200
    with django_assert_max_num_queries(20):
        session.get(reverse("admin:topics_topic_history", args=[topics[0].pk]))
