"""Finding actors' names and aliases in text with one Aho-Corasick automaton.

The automaton holds every name and alias of the vocabulary in `match_key`
form, so text is read word by word the same way before the search (case,
accents, spacing, the spellings of transliterated names) while matches are
reported with the original text and position. A match is whole words ("Tirana"
is not Iran, "Hamasaki" is not Hamas, "Iran’s" is Iran) and the longest match
wins ("Bashar al-Assad", not "Assad").
"""

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
from django.db.models import Count, Max

from .models import Entity, EntityAlias
from .normalization import match_words


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str
    entity_ids: tuple[int, ...]

    @property
    def is_ambiguous(self) -> bool:
        """The name belongs to several actors: an editor has to choose."""
        return len(self.entity_ids) > 1


class Matcher:
    """An automaton over `(key, entity_id)` pairs, keys in `match_key` form."""

    def __init__(self, vocabulary: Iterable[tuple[str, int]]):
        ids_by_key: dict[str, set[int]] = defaultdict(set)
        for key, entity_id in vocabulary:
            if key:
                ids_by_key[key].add(entity_id)
        self._automaton = ahocorasick.Automaton()
        for key, ids in ids_by_key.items():
            self._automaton.add_word(key, (len(key), tuple(sorted(ids))))
        self.size = len(ids_by_key)
        if self.size:
            self._automaton.make_automaton()

    def trie_bytes(self) -> int:
        return self._automaton.get_stats()["total_size"]

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches of whole words, leftmost then longest."""
        if not self.size or not text:
            return []
        words = match_words(text)
        # Where each word begins and ends in the text searched, the words'
        # keys joined by spaces: a match must begin and end at these.
        starts, ends, position = {}, {}, 0
        for index, (key, _, _) in enumerate(words):
            starts[position] = index
            position += len(key)
            ends[position] = index
            position += 1
        searched = " ".join(key for key, _, _ in words)
        candidates = []
        for last, (length, ids) in self._automaton.iter(searched):
            first = starts.get(last - length + 1)
            final = ends.get(last + 1)
            if first is not None and final is not None:
                candidates.append((words[first][1], -words[final][2], ids))
        candidates.sort()
        matches, taken_until = [], 0
        for start, negative_end, ids in candidates:
            if start >= taken_until:
                matches.append(
                    Match(start, -negative_end, text[start:-negative_end], ids)
                )
                taken_until = -negative_end
        return matches


def vocabulary_stamp() -> tuple:
    """Changes whenever an actor or alias is added, edited or removed."""
    entities = Entity.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    aliases = EntityAlias.objects.aggregate(count=Count("id"), latest=Max("updated_at"))
    return (*entities.values(), *aliases.values())


_lock = threading.Lock()
_current: tuple[tuple, Matcher] | None = None


def vocabulary_matcher() -> Matcher:
    """The matcher for the whole vocabulary, rebuilt only after it has changed.

    Building takes seconds for a large vocabulary, so it is kept per process and
    checked against two cheap aggregate queries before each use.
    """
    global _current
    stamp = vocabulary_stamp()
    with _lock:
        if _current is None or _current[0] != stamp:
            names = Entity.objects.values_list("match_key", "id")
            aliases = EntityAlias.objects.values_list("match_key", "entity_id")
            _current = (stamp, Matcher([*names, *aliases]))
        return _current[1]
