"""A piece's section in its history: compared by name, restored with its text."""

import pytest

from articles import workflow
from articles.models import Article, Status
from articles.revisions import Snapshot, article_versions, snapshot_diff
from sections.services import section_for_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def refiled(article_factory, editor):
    """A draft filed under Politics, then moved to Diplomacy."""
    article = article_factory(section="Politics", status=Status.DRAFT, publish_at=None)
    workflow.article_save(article=article, by=editor)
    article.section = section_for_name(name="Diplomacy")
    workflow.article_save(article=article, by=editor)
    return article


def test_the_diff_names_the_sections(refiled):
    first, second = reversed(article_versions(refiled))
    diff = snapshot_diff(
        Snapshot.from_revision(revision=first.revision, article_id=refiled.pk),
        Snapshot.from_revision(revision=second.revision, article_id=refiled.pk),
    )
    assert [(c.label, str(c.diff)) for c in diff.changes] == [
        ("Section", "<del>Politics</del><ins>Diplomacy</ins>")
    ]


def test_restoring_brings_the_section_back(refiled, editor):
    first = list(article_versions(refiled))[-1].revision
    workflow.article_restore(article=refiled, revision=first, by=editor)
    assert Article.objects.get().section.name == "Politics"
