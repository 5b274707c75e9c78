import pytest
from reversion.models import Version

from articles import workflow
from articles.models import Article, Status
from articles.revisions import Snapshot, article_versions, snapshot_diff

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(article_factory, entity_factory, editor):
    hamas, fatah = entity_factory(name="Hamas"), entity_factory(name="Fatah")
    article = article_factory(
        headline="Hamas and Fatah talk",
        body="They met in Cairo.",
        status=Status.DRAFT,
        publish_at=None,
        entities=[hamas, fatah],
    )
    workflow.article_save(article=article, by=editor, comment="First take.")
    return article


def _retag(article, *entities):
    article.entities.set(list(entities))


def test_every_save_keeps_a_revision_with_its_actors(story, editor, entity_factory):
    egypt = entity_factory(name="Egypt")
    _retag(story, egypt)
    story.headline = "Egypt hosts talks"
    workflow.article_save(article=story, by=editor, comment="Second take.")
    first, second = reversed(article_versions(story))
    assert (first.revision.user, first.revision.comment) == (editor, "First take.")
    old = Snapshot.from_revision(revision=first.revision, article_id=story.pk)
    new = Snapshot.from_revision(revision=second.revision, article_id=story.pk)
    assert sorted(old.actor_names.values()) == ["Fatah", "Hamas"]
    assert sorted(new.actor_names.values()) == ["Egypt"]
    assert (old.fields["headline"], new.fields["headline"]) == (
        "Hamas and Fatah talk",
        "Egypt hosts talks",
    )


def test_restoring_brings_back_headline_body_and_actors(story, editor, entity_factory):
    first = article_versions(story).get().revision
    _retag(story, entity_factory(name="Egypt"))
    story.headline, story.body = "Egypt hosts talks", "Rewritten."
    workflow.article_save(article=story, by=editor)
    workflow.article_publish(article=story, by=editor)

    missing = workflow.article_restore(article=story, revision=first, by=editor)

    restored = Article.objects.get()
    assert missing == []
    assert (restored.headline, restored.body) == (
        "Hamas and Fatah talk",
        "They met in Cairo.",
    )
    assert sorted(restored.entities.names()) == ["Fatah", "Hamas"]
    assert restored.status == Status.PUBLISHED, "restoring is not a transition"
    latest = article_versions(story).first().revision
    assert latest.comment.startswith("Restored the version of")
    assert sorted(
        Snapshot.from_revision(
            revision=latest, article_id=story.pk
        ).actor_names.values()
    ) == ["Fatah", "Hamas"]


def test_restoring_reports_actors_that_no_longer_exist(story, editor):
    first = article_versions(story).get().revision
    story.entities.get(name="Fatah").delete()
    missing = workflow.article_restore(article=story, revision=first, by=editor)
    assert missing == ["Fatah (deleted)"]
    assert list(Article.objects.get().entities.names()) == ["Hamas"]


def test_a_reporter_cannot_restore_onto_a_published_piece(story, editor, reporter):
    first = article_versions(story).get().revision
    workflow.article_publish(article=story, by=editor)
    story.headline = "Edited"
    workflow.article_save(article=story, by=editor)
    with pytest.raises(workflow.WorkflowError):
        workflow.article_restore(article=story, revision=first, by=reporter)
    assert Article.objects.get().headline == "Edited"
    assert Version.objects.get_for_object(story).count() == 3


def test_the_diff_marks_words_and_actors_that_changed(entity_factory):
    hamas, egypt = entity_factory(name="Hamas"), entity_factory(name="Egypt")
    fields = {
        "headline": "Talks in Cairo",
        "standfirst": "",
        "body": "Leaders <b>met</b> today.",
        "byline": "",
        "section_id": None,
        "status": Status.DRAFT,
        "publish_at": None,
    }
    old = Snapshot(fields, frozenset([hamas.pk]), {hamas.pk: "Hamas"})
    new = Snapshot(
        {**fields, "body": "Leaders talked today.", "status": Status.REVIEW},
        frozenset([egypt.pk]),
        {egypt.pk: "Egypt"},
    )
    diff = snapshot_diff(old, new)
    assert [(c.label, str(c.diff)) for c in diff.changes] == [
        ("Body", "Leaders <del>&lt;b&gt;met&lt;/b&gt;</del><ins>talked</ins> today."),
        ("Status", "<del>Draft</del><ins>In review</ins>"),
    ]
    assert (diff.actors_added, diff.actors_removed) == (["Egypt"], ["Hamas"])
    assert not snapshot_diff(old, old)


@pytest.mark.parametrize("actors", [1, 12])
def test_recording_a_revision_costs_no_query_per_actor(
    article_factory, entity_factory, editor, actors, django_assert_max_num_queries
):
    article = article_factory(entities=[entity_factory() for _ in range(actors)])
    workflow.article_save(article=article, by=editor)  # warms the caches
    article.body = "Corrected."
    # The same count for 1 actor as for 12; two of them are the savepoint, two
    # read the authors and corrections it records too.
    with django_assert_max_num_queries(16):
        workflow.article_save(article=article, by=editor, follow_up=False)
    latest = article_versions(article).first().revision
    assert latest.version_set.count() == actors + 1
