"""Finding actors' names and aliases in text with one Aho-Corasick automaton.

The automaton holds every name and alias of the vocabulary in `name_key` form,
so text is folded the same way before the search (case, accents, spacing) while
matches are reported with the original text and position. A match must stand on
word boundaries ("Tirana" is not Iran, "Hamasaki" is not Hamas, "Iran’s" is
Iran) and the longest match wins ("Bashar al-Assad", not "Assad").
"""

import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
from django.db.models import Count, Max

from .models import Entity, EntityAlias


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


# Per-character folding, the same as `name_key` but without collapsing spaces, so
# that the common case keeps every position and needs no offset map.
_FOLDS: dict[int, str] = {}
_SEEN: set[str] = set()
_RESIZING: set[str] = set()
_WHITESPACE = " "


def _fold_char(char: str) -> str:
    if char.isspace():
        return _WHITESPACE
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _learn(chars: set[str]) -> None:
    for char in chars - _SEEN:
        folded = _fold_char(char)
        if folded != char:
            _FOLDS[ord(char)] = folded
        if len(folded) != 1:
            _RESIZING.add(char)
        _SEEN.add(char)


def fold(text: str) -> tuple[str, list[int] | None]:
    """`text` folded like `name_key`, and where each folded character came from.

    The offsets are None when folding kept every position (most text), otherwise
    `offsets[i]` is the index in `text` of folded character i.
    """
    chars = set(text)
    _learn(chars)
    folded = text.translate(_FOLDS)
    if not (chars & _RESIZING) and "  " not in folded:
        return folded, None
    pieces, offsets = [], []
    for index, char in enumerate(text):
        for folded_char in _FOLDS.get(ord(char), char):
            if folded_char == _WHITESPACE and pieces and pieces[-1] == _WHITESPACE:
                continue
            pieces.append(folded_char)
            offsets.append(index)
    return "".join(pieces), offsets


class Matcher:
    """An automaton over `(key, entity_id)` pairs, keys in `name_key` form."""

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
        """Non-overlapping matches on word boundaries, leftmost then longest."""
        if not self.size or not text:
            return []
        folded, offsets = fold(text)
        candidates = []
        for last, (length, ids) in self._automaton.iter(folded):
            first = last - length + 1
            if offsets is None:
                start, end = first, last + 1
            else:
                start = offsets[first]
                end = offsets[last + 1] if last + 1 < len(offsets) else len(text)
            if (start > 0 and text[start - 1].isalnum()) or (
                end < len(text) and text[end].isalnum()
            ):
                continue
            candidates.append((start, -end, ids))
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
            names = Entity.objects.values_list("name_key", "id")
            aliases = EntityAlias.objects.values_list("name_key", "entity_id")
            _current = (stamp, Matcher([*names, *aliases]))
        return _current[1]
