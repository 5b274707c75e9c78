"""Two editors posting the same version at the same instant: the database
keeps exactly one save, and the other editor gets the conflict form with
what they typed, not a redirect that drops it.

Real concurrency needs two connections writing at once, which the suite's
in-memory SQLite cannot give (its second writer fails at once on the shared
cache's table lock), so this runs on PostgreSQL only (`needs_postgresql`,
deselected on SQLite by tests/conftest.py).
"""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from articles.admin import ArticleAdminForm
from articles.models import Article, Status
from articles.roles import EDITORS
from tests.admin_forms import change_form_data

pytestmark = [pytest.mark.needs_postgresql, pytest.mark.django_db(transaction=True)]


def test_the_loser_of_a_true_race_gets_the_conflict_form_with_their_text(
    client_for, editor, user_factory, article_factory, monkeypatch
):
    other = user_factory(
        username="olga", first_name="Olga", last_name="Ortiz", groups=[EDITORS]
    )
    draft = article_factory(headline="Putin meets Netanyahu", status=Status.DRAFT)
    url = reverse("admin:articles_article_change", args=[draft.pk])
    sessions = {editor: client_for(editor), other: client_for(other)}
    typed = {editor: "Eddie's headline", other: "Olga's headline"}
    posts = {
        user: change_form_data(session.get(url), headline=typed[user])
        for user, session in sessions.items()
    }
    # Both saves pass the form's version check before either writes: the race
    # the check alone cannot settle, whatever the timing.
    both_checked = threading.Barrier(2, timeout=10)
    check = ArticleAdminForm.clean

    def checked_together(form):
        cleaned = check(form)
        both_checked.wait()
        return cleaned

    monkeypatch.setattr(ArticleAdminForm, "clean", checked_together)
    answers = {}

    def save(user):
        try:
            answers[user] = sessions[user].post(url, posts[user])
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=[user]) for user in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(answer.status_code for answer in answers.values())
    assert statuses == [200, 302]
    (winner,) = [user for user, answer in answers.items() if answer.status_code == 302]
    (loser,) = [user for user in sessions if user != winner]
    stored = Article.objects.get()
    assert (stored.headline, stored.version, stored.updated_by) == (
        typed[winner],
        draft.version + 1,
        winner,
    )
    page = answers[loser]
    assert page.context["adminform"].form["headline"].value() == typed[loser]
    html = page.content.decode()
    assert f"{winner.get_full_name()} saved this piece after you opened it" in html
    assert "What you typed is still in the form below." in html
