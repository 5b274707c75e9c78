import pytest
from django.urls import reverse

from articles.models import Article, Status
from authors.models import Author
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def autocomplete(session, term: str, model_name: str, field_name: str) -> list[str]:
    response = session.get(
        reverse("admin:autocomplete"),
        {
            "term": term,
            "app_label": "articles" if model_name != "author" else "authors",
            "model_name": model_name,
            "field_name": field_name,
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_authors_are_found_by_name_or_role_in_the_admin(
    client_for, editor, author_factory
):
    author_factory(name="Elena Sokolova", role="Moscow correspondent")
    author_factory(name="Karim Haddad", role="Cairo correspondent")
    session = client_for(editor)
    found = session.get(reverse("admin:authors_author_changelist"), {"q": "moscow"})
    assert [a.name for a in found.context["cl"].result_list] == ["Elena Sokolova"]
    assert autocomplete(session, "kar", "articleauthor", "author") == ["Karim Haddad"]


def test_an_editor_links_an_author_to_their_staff_account(
    client_for, editor, reporter, author_factory
):
    rita = author_factory(name="Rita Reporter")
    session = client_for(editor)
    assert autocomplete(session, "rit", "author", "user") == ["rita"]
    change = reverse("admin:authors_author_change", args=[rita.pk])
    data = change_form_data(session.get(change), user=str(reporter.pk))
    assert session.post(change, data).status_code == 302
    assert Author.objects.get(pk=rita.pk).user == reporter


def test_the_article_form_credits_authors_chosen_in_order(
    client_for, reporter, author_factory
):
    """A reporter picks two authors for a draft, then swaps them by their numbers."""
    elena, karim = author_factory(name="Elena Sokolova"), author_factory(name="Karim")
    session = client_for(reporter)
    add = session.get(reverse("admin:articles_article_add"))
    html = add.content.decode()
    assert 'name="author_links-0-author"' in html
    assert "admin-autocomplete" in html
    data = change_form_data(
        add,
        headline="Talks in Moscow",
        **{
            "author_links-TOTAL_FORMS": "2",
            "author_links-0-author": str(elena.pk),
            "author_links-1-author": str(karim.pk),
            "author_links-1-order": "0",
        },
    )
    assert session.post(reverse("admin:articles_article_add"), data).status_code == 302
    piece = Article.objects.get()
    assert piece.status == Status.DRAFT
    assert piece.authors == [elena, karim]

    change = reverse("admin:articles_article_change", args=[piece.pk])
    data = change_form_data(
        session.get(change),
        **{"author_links-0-order": "2", "author_links-1-order": "1"},
    )
    assert session.post(change, data).status_code == 302
    assert Article.objects.get().authors == [karim, elena]


def test_the_same_author_cannot_be_credited_twice(client_for, editor, author_factory):
    elena = author_factory(name="Elena Sokolova")
    session = client_for(editor)
    add = session.get(reverse("admin:articles_article_add"))
    data = change_form_data(
        add,
        headline="Twice",
        **{
            "author_links-TOTAL_FORMS": "2",
            "author_links-0-author": str(elena.pk),
            "author_links-1-author": str(elena.pk),
        },
    )
    response = session.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_a_reporter_finds_their_own_pieces(
    client_for, reporter, author_factory, article_factory
):
    me = author_factory(name="Rita Reporter", user=reporter)
    mine = article_factory(headline="Mine", authors=[me])
    article_factory(headline="Someone else's", authors=[author_factory()])
    session = client_for(reporter)
    changelist = reverse("admin:articles_article_changelist")
    assert "written_by=me" in session.get(changelist).content.decode()
    found = session.get(changelist, {"written_by": "me"})
    assert list(found.context["cl"].result_list) == [mine]
    by_name = session.get(changelist, {"q": "Rita Reporter"})
    assert list(by_name.context["cl"].result_list) == [mine]


def test_a_reporter_may_add_an_author_but_not_delete_one(
    client_for, reporter, author_factory
):
    session = client_for(reporter)
    assert session.get(reverse("admin:authors_author_add")).status_code == 200
    author = author_factory()
    delete = reverse("admin:authors_author_delete", args=[author.pk])
    assert session.post(delete, {"post": "yes"}).status_code == 403
    assert Author.objects.filter(pk=author.pk).exists()
