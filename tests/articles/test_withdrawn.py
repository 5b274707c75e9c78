"""A piece readers saw and the editors withdrew answers 410 Gone, with a short
notice and nothing of the piece; one that never was public answers 404."""

import pytest

from articles import workflow
from articles.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(article_factory, editor):
    piece = article_factory(headline="A story that was wrong", slug="wrong")
    workflow.article_withdraw(article=piece, by=editor)
    return piece


def test_a_withdrawn_piece_is_gone_with_a_notice(client, withdrawn):
    response = client.get("/articles/wrong/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "This piece has been withdrawn" in html
    assert "A story that was wrong" not in html
    assert 'content="noindex"' in html


def test_a_piece_never_public_is_not_found(client, article_factory):
    article_factory(slug="draft", status=Status.DRAFT, publish_at=None)
    assert client.get("/articles/draft/").status_code == 404
    assert client.get("/articles/nothing-here/").status_code == 404


@pytest.mark.parametrize("suffix", ["", "/ninjs"])
def test_the_api_says_gone_in_json(client, withdrawn, suffix):
    response = client.get(f"/api/articles/wrong{suffix}")
    assert response.status_code == 410
    assert response.json() == {"detail": "The article 'wrong' was withdrawn."}
    assert "A story that was wrong" not in response.content.decode()


def test_the_gone_page_costs_a_bounded_number_of_queries(
    client, withdrawn, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        assert client.get("/articles/wrong/").status_code == 410
