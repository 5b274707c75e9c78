import re

import pytest

from authors.names import split_byline

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("byline", "names", "whole"),
    [
        ("Elena Sokolova", ["Elena Sokolova"], True),
        ("By Elena Sokolova", ["Elena Sokolova"], True),
        ("Elena Sokolova and Karim Haddad", ["Elena Sokolova", "Karim Haddad"], True),
        ("Elena Sokolova & Karim Haddad", ["Elena Sokolova", "Karim Haddad"], True),
        (
            "Karim Haddad, Dana Levin and Thomas Reed",
            ["Karim Haddad", "Dana Levin", "Thomas Reed"],
            True,
        ),
        (
            "Karim Haddad, Dana Levin, and Thomas Reed",
            ["Karim Haddad", "Dana Levin", "Thomas Reed"],
            True,
        ),
        (
            "Bashar al-Assad and Ursula von der Leyen",
            ["Bashar al-Assad", "Ursula von der Leyen"],
            True,
        ),
        ("Elena Sokolova and ELENA SOKOLOVA", ["Elena Sokolova"], True),
        ("Karim Haddad in Cairo", ["Karim Haddad"], False),
        ("Karim Haddad and agencies", ["Karim Haddad"], False),
        ("Staff and agencies", [], False),
        ("Reuters", [], False),
        ("AP", [], False),
        ("Associated Press", [], False),
        ("Agence France-Presse", [], False),
        ("Our correspondent", [], False),
        ("Staff reporter", [], False),
        ("Madonna", [], False),
        ("Desk 24", [], False),
    ],
)
def test_a_byline_names_the_people_it_credits(byline, names, whole):
    split = split_byline(byline)
    assert (split.names, split.whole) == (names, whole)


def byline_of(html: str) -> str:
    """The byline's text and the addresses it links to, as a reader meets them."""
    (meta,) = re.findall(r'<p class="meta">(.*?)</p>', html, re.S)[:1]
    links = re.findall(r'<a href="([^"]+)" rel="author">', meta)
    text = " ".join(re.sub(r"<[^>]+>", "", meta).split())
    return text.split(" · ")[0], links


@pytest.mark.parametrize(
    ("names", "line"),
    [
        (["Elena Sokolova"], "By Elena Sokolova"),
        (["Elena Sokolova", "Karim Haddad"], "By Elena Sokolova and Karim Haddad"),
        (
            ["Elena Sokolova", "Karim Haddad", "Dana Levin"],
            "By Elena Sokolova, Karim Haddad and Dana Levin",
        ),
    ],
)
def test_the_byline_credits_every_author_in_order_and_links_them(
    client, article_factory, author_factory, names, line
):
    authors = [author_factory(name=name) for name in names]
    piece = article_factory(byline="", authors=authors)
    html = client.get(piece.get_absolute_url()).content.decode()
    assert byline_of(html) == (line, [a.get_absolute_url() for a in authors])
    home = client.get("/").content.decode()
    card = home[home.index('<article class="card') :]
    assert byline_of(card)[1] == [a.get_absolute_url() for a in authors]
    assert line in " ".join(re.sub(r"<[^>]+>", "", card).split())


def test_a_written_byline_overrides_the_authors(
    client, article_factory, author_factory
):
    """Wire copy: the line says "Staff and agencies", the author is still credited."""
    karim = author_factory(name="Karim Haddad")
    piece = article_factory(byline="Staff and agencies", authors=[karim])
    html = client.get(piece.get_absolute_url()).content.decode()
    assert byline_of(html) == ("By Staff and agencies", [])
    assert piece.headline in client.get(karim.get_absolute_url()).content.decode()


def test_a_piece_without_byline_or_authors_has_no_byline(client, article_factory):
    piece = article_factory(byline="")
    text, links = byline_of(client.get(piece.get_absolute_url()).content.decode())
    assert not text.startswith("By") and links == []


def test_an_author_renamed_shows_at_once_on_cached_cards(
    client, article_factory, author_factory
):
    author = author_factory(name="Dana Levin")
    article_factory(byline="", authors=[author])
    assert ">Dana Levin</a>" in client.get("/").content.decode()
    author.name = "Dana Levin-Katz"
    author.save()
    assert ">Dana Levin-Katz</a>" in client.get("/").content.decode()
