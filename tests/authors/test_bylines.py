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
