import pytest

from newsroom.wording import DAY, names_listed, time_apart


@pytest.mark.parametrize(
    ("names", "words"),
    [
        ([], ""),
        (["Hamas"], "Hamas"),
        (["Hamas", "Iran"], "Hamas and Iran"),
        (["Hamas", "Hezbollah", "Iran"], "Hamas, Hezbollah and Iran"),
    ],
)
def test_names_read_as_a_list(names, words):
    assert names_listed(names) == words


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "the same day"),
        (0.9, "the same day"),
        (-0.9, "the same day"),
        (1, "1 day later"),
        (-3, "3 days earlier"),
        (-13, "13 days earlier"),
        (-14, "2 weeks earlier"),
        (-60, "9 weeks earlier"),
        (-88, "3 months earlier"),
        (400, "13 months later"),
        (-730, "2 years earlier"),
        (-3650, "10 years earlier"),
    ],
)
def test_time_apart_reads_in_plain_words(days, words):
    assert time_apart(seconds=days * DAY) == words
