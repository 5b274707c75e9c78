"""The forms in which two names count as the same, or as likely the same.

`name_key` ignores case, accents and spacing: an actor's name is unique in
that form within its kind. `match_key` also folds how wire copy spells the
same Arabic (and other transliterated) name: it is how imports and autotag
find an actor, and only variants that are certainly the same name share it.
`likely_same` is for the uncertain rest: an import reports those names for an
editor to confirm rather than deciding alone.
"""

import re
import unicodedata


def name_key(name: str) -> str:
    """The form in which two names count as the same: case, accents and spacing ignored.

    "NATO", "Nato" and " nato " share a key, and so do "Sisi" and "Sīsī".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.casefold().split())


# A word: letters and digits (the ʿayn and hamza marks ʿ ʾ ʼ ʻ are letters to
# Unicode), combining marks, and apostrophes inside it ("Sa'id"), but not a
# possessive ’s ("Iran’s" is Iran). Hyphens, dots and other punctuation
# separate words: "el-Sisi" is "el Sisi".
_MARKS = "\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u1dc0-\u1dff"
_APOSTROPHES = "'’‘`´"
WORD_RE = re.compile(rf"[^\W_]+(?:[{_MARKS}{_APOSTROPHES}]+(?!s\b)[^\W_]+)*[{_MARKS}]*")
_SILENT = str.maketrans("", "", _APOSTROPHES + "ʿʾʼʻ")
# The common Latin spellings of a few very frequent names, each spelling
# one Arabic name only. Doubled letters in general are not folded: shadda is
# a letter of its own (Fatah the movement, Fattah the name).
_NAME_SPELLINGS = {
    spelling: name
    for name, spellings in {
        "muhammad": "mohammed mohamed mohammad mohamad muhammed muhamad mouhamed",
        "ahmad": "ahmed",
        "mahmud": "mahmoud mahmood",
        "husayn": "hussein husein hussain husain hossein hosein",
        "yusuf": "youssef yousef yusef youssouf yousuf yousif",
        "khalid": "khaled",
        "walid": "waleed",
        "umar": "omar",
        "usama": "osama oussama",
    }.items()
    for spelling in spellings.split()
}
# "Abdel", "Abdul", "Abdal", "Abdoul" and "Abdur" (before r), spelt as one
# word, are "Abd al": the servant of the name that follows.
_ABD = re.compile(r"^abd(?:[aeiu]|ou|o)(l|r|s|n|z|d|t|sh|th|dh)(.*)$")
# The Arabic article: al- and el- (and ul-, as in "Zia-ul-Haq") always;
# the forms assimilated to the next word's first consonant (ash-Sharaa,
# ad-Din, ar-Rahman) only before that consonant, since "as", "at" or "an"
# are words of their own elsewhere.
_ARTICLES = frozenset({"al", "el", "ul"})
_ASSIMILATED = {
    f"{vowel}{consonant}": consonant
    for vowel in "aeu"
    for consonant in ("d", "dh", "n", "r", "s", "sh", "t", "th", "z")
}
ARTICLE = "al"
_RESPELT = _ARTICLES | _ASSIMILATED.keys() | {"ibn"}


_WORD_KEYS: dict[str, str] = {}
_WORD_KEYS_KEPT = 200_000


def _word_key(word: str) -> str:
    """`_spelt_word` of `word`, remembered: running text repeats its words."""
    key = _WORD_KEYS.get(word)
    if key is None:
        if len(_WORD_KEYS) >= _WORD_KEYS_KEPT:
            _WORD_KEYS.clear()
        key = _WORD_KEYS[word] = _spelt_word(word)
    return key


def _spelt_word(word: str) -> str:
    """One word's part of a `match_key`; may be several words ("abd al aziz")."""
    key = name_key(word).translate(_SILENT)
    if abd := _ABD.match(key):
        consonant, rest = abd.groups()
        if consonant == "l" or not rest or rest.startswith(consonant):
            if rest in ("lah", "llah", "la"):
                key = "abd allah"
            else:
                key = f"abd {ARTICLE} {rest}".strip()
    return _NAME_SPELLINGS.get(key, key)


def word_keys(words: list[str]) -> list[str]:
    """The `match_key` of each word, the article's forms made one ("al")."""
    keys = [_word_key(word) for word in words]
    for index, key in enumerate(keys):
        if key not in _RESPELT:
            continue
        if key in _ARTICLES:
            keys[index] = ARTICLE
        elif (consonant := _ASSIMILATED.get(key)) and index + 1 < len(keys):
            if keys[index + 1].startswith(consonant):
                keys[index] = ARTICLE
        elif key == "ibn" and index:
            keys[index] = "bin"
    return keys


def match_words(text: str) -> list[tuple[str, int, int]]:
    """Each word of `text` as `(its match_key part, start, end)`, for finding
    names in running text."""
    spans = [match.span() for match in WORD_RE.finditer(text)]
    keys = word_keys([text[start:end] for start, end in spans])
    return [
        (key, start, end) for key, (start, end) in zip(keys, spans, strict=True) if key
    ]


def match_key(name: str) -> str:
    """The form in which two spellings are certainly the same name.

    Besides `name_key`'s folding: hyphens and punctuation are spaces,
    apostrophes and the ʿayn/hamza marks are dropped, the Arabic article's
    forms (al-, el-, ash-Sh…) are one, "Abdel"/"Abdul"/"Abd el" are "Abd al",
    "ibn" after a first name is "bin", and a few frequent names' spellings
    are one (Mohammed, Mohamed, Muhammad). "Abdel Fattah el-Sisi" and "Abdel
    Fattah al-Sisi" share a key; "Hassan" and "Hussein" do not, nor "Fatah"
    and "Fattah".
    """
    return " ".join(key for key in word_keys(WORD_RE.findall(name)) if key)


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or `limit + 1` once it is known to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (char_a != char_b),
                )
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _without_articles(key: str) -> list[str]:
    return [word for word in key.split() if word != ARTICLE]


def likely_same(key: str, other: str) -> bool:
    """Whether two different `match_key`s may well be the same name: one drops
    the article ("Sisi", "al-Sisi"), orders the words otherwise, or is a letter
    or two away ("Sisy", "Sisi"; "Hasan", "Hassan") — too uncertain to decide
    without an editor."""
    if not key or not other or key == other:
        return False
    words, other_words = _without_articles(key), _without_articles(other)
    if not words or not other_words:
        return False
    if sorted(words) == sorted(other_words):
        return True
    bare, other_bare = " ".join(words), " ".join(other_words)
    shorter = min(len(bare), len(other_bare))
    allowed = 0 if shorter < 5 else 1 if shorter < 10 else 2
    return _edit_distance(bare, other_bare, allowed) <= allowed


def likely_probes(key: str) -> list[str]:
    """Pieces of text that a name likely the same as `key` most probably
    contains: the first three letters of each distinctive word (a letter
    further may be doubled or not: "Fatah", "Fattah")."""
    words = [w for w in _without_articles(key) if len(w) >= 3]
    return sorted({word[:3] for word in words if word not in ("abd", "bin")})
