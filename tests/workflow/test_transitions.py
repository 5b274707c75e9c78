from datetime import timedelta

import pytest
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article, Status
from articles.workflow import WorkflowError

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(article_factory):
    return article_factory(
        headline="Hamas names a leader", status=Status.DRAFT, publish_at=None
    )


def test_reporter_sends_a_draft_for_review_and_it_is_kept_as_a_revision(
    draft, reporter
):
    workflow.article_submit_for_review(article=draft, by=reporter)
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    assert draft.updated_by == reporter
    revision = Version.objects.get_for_object(draft).get().revision
    assert (revision.user, revision.comment) == (reporter, "Sent for review.")


@pytest.mark.parametrize("service", ["article_publish", "article_withdraw"])
@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.PUBLISHED])
def test_reporter_can_neither_publish_nor_withdraw(
    article_factory, reporter, service, status
):
    article = article_factory(status=status)
    before = Article.objects.values().get(pk=article.pk)
    with pytest.raises(WorkflowError):
        getattr(workflow, service)(article=article, by=reporter)
    assert Article.objects.values().get(pk=article.pk) == before
    assert article.status == status
    assert not Version.objects.exists()


def test_reporter_cannot_correct_a_published_piece(published_article, reporter):
    published_article.headline = "Changed by a reporter"
    with pytest.raises(WorkflowError, match="Only editors may change a published"):
        workflow.article_save(article=published_article, by=reporter)
    assert Article.objects.get().headline == "Hamas and Hezbollah restore ties"


def test_reporter_cannot_schedule_a_draft(draft, reporter):
    draft.publish_at = timezone.now() + timedelta(days=1)
    with pytest.raises(WorkflowError, match="Only editors set the publish time"):
        workflow.article_save(article=draft, by=reporter)


def test_reporter_cannot_create_a_published_piece(reporter):
    article = Article(headline="Straight to print", status=Status.PUBLISHED)
    with pytest.raises(WorkflowError, match="Only editors may publish"):
        workflow.article_save(article=article, by=reporter)
    assert not Article.objects.exists()


def test_editor_publishes_now_and_the_piece_is_public(draft, editor):
    workflow.article_publish(article=draft, by=editor)
    draft.refresh_from_db()
    assert draft.is_public
    assert draft.first_published_at == draft.publish_at


def test_editor_schedules_and_the_piece_waits_for_its_time(draft, editor):
    at = timezone.now() + timedelta(hours=3)
    workflow.article_publish(article=draft, by=editor, at=at)
    draft.refresh_from_db()
    assert (draft.status, draft.publish_at, draft.is_public) == (
        Status.PUBLISHED,
        at,
        False,
    )
    assert (
        Version.objects.get_for_object(draft)
        .get()
        .revision.comment.startswith("Scheduled for")
    )


def test_a_correction_keeps_first_published_and_moves_updated(
    published_article, editor
):
    first = published_article.first_published_at
    updated = published_article.updated_at
    published_article.body = "Corrected text."
    workflow.article_save(article=published_article, by=editor, comment="Fix")
    published_article.refresh_from_db()
    assert published_article.first_published_at == first
    assert published_article.updated_at > updated


def test_withdrawn_then_republished_keeps_its_first_publication(
    published_article, editor
):
    first = published_article.first_published_at
    workflow.article_withdraw(article=published_article, by=editor)
    assert not Article.objects.published().exists()
    workflow.article_publish(article=published_article, by=editor)
    published_article.refresh_from_db()
    assert published_article.is_public
    assert published_article.first_published_at == first


def test_publishing_a_public_piece_again_is_refused(published_article, editor):
    with pytest.raises(WorkflowError, match="already published"):
        workflow.article_publish(article=published_article, by=editor)


def test_a_draft_cannot_be_withdrawn(draft, editor):
    draft.status = Status.WITHDRAWN
    with pytest.raises(WorkflowError, match="cannot become withdrawn"):
        workflow.article_save(article=draft, by=editor)


@pytest.mark.parametrize(
    ("role", "current", "allowed"),
    [
        ("reporter", None, [Status.DRAFT, Status.REVIEW]),
        ("reporter", Status.DRAFT, [Status.DRAFT, Status.REVIEW]),
        ("reporter", Status.REVIEW, [Status.REVIEW, Status.DRAFT]),
        ("editor", None, [Status.DRAFT, Status.REVIEW, Status.PUBLISHED]),
        ("editor", Status.REVIEW, [Status.REVIEW, Status.DRAFT, Status.PUBLISHED]),
        ("editor", Status.PUBLISHED, [Status.PUBLISHED, Status.WITHDRAWN]),
        (
            "editor",
            Status.WITHDRAWN,
            [Status.WITHDRAWN, Status.PUBLISHED, Status.DRAFT],
        ),
    ],
)
def test_the_statuses_each_role_may_choose(request, role, current, allowed):
    user = request.getfixturevalue(role)
    assert workflow.allowed_statuses(user=user, current=current) == allowed
