"""Authors' names: how they are compared, and which people a byline names.

A byline is split on commas, "&" and "and" ("A and B", "A, B and C"); each
part that looks like a person's name (two to five words, each capitalised or
a particle such as "al-" or "van", none an agency word such as "staff",
"agencies", "Reuters") is a person. "By " in front is dropped, and so is a
place at the end ("… in Moscow"), though the place keeps the byline as text.
"""

import re
from dataclasses import dataclass

# Words that make a part of a byline a desk, a wire or an agency, not a person.
AGENCY_WORDS = {
    "afp",
    "agence",
    "agencies",
    "agency",
    "anadolu",
    "ansa",
    "ap",
    "associated",
    "bloomberg",
    "bureau",
    "contributors",
    "correspondent",
    "correspondents",
    "desk",
    "dpa",
    "editor",
    "editorial",
    "editors",
    "efe",
    "france-presse",
    "kyodo",
    "media",
    "news",
    "newsroom",
    "online",
    "pa",
    "press",
    "reporter",
    "reporters",
    "reuters",
    "service",
    "services",
    "staff",
    "tass",
    "team",
    "upi",
    "wire",
    "wires",
    "writer",
    "writers",
    "xinhua",
}
# Lower-case words that belong to a person's name.
PARTICLES = {
    "abu",
    "al",
    "bin",
    "bint",
    "da",
    "das",
    "de",
    "del",
    "della",
    "den",
    "der",
    "di",
    "do",
    "dos",
    "du",
    "el",
    "ibn",
    "la",
    "le",
    "ten",
    "ter",
    "van",
    "von",
    "zu",
}
_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b)\s*", re.IGNORECASE)
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_PLACE = re.compile(r"\s+in\s+\S[^,&]*$")


def tidy_name(name: str) -> str:
    """The name as it is stored: single spaces, none around it."""
    return " ".join(name.split())


def name_key(name: str) -> str:
    """What two spellings of one author's name have in common: case and spacing
    aside."""
    return tidy_name(name).casefold()


@dataclass(frozen=True)
class Byline:
    # The people it names, in order, each once.
    names: list[str]
    # It says nothing but their names, so a line made from them can replace it.
    whole: bool


def split_byline(text: str) -> Byline:
    """The people a free-text byline names; see the module's docstring."""
    line = _BY.sub("", tidy_name(text))
    without_place = _PLACE.sub("", line)
    parts = [part for part in _SEPARATOR.split(without_place) if part]
    names, keys = [], set()
    for part in parts:
        if looks_like_a_person(part) and name_key(part) not in keys:
            names.append(part)
            keys.add(name_key(part))
    people = [part for part in parts if looks_like_a_person(part)]
    whole = bool(names) and len(people) == len(parts) and without_place == line
    return Byline(names=names, whole=whole)


def looks_like_a_person(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    for word in words:
        bare = word.strip(".'’").casefold()
        if bare in AGENCY_WORDS:
            return False
        first = word[0]
        # Scripts without case (Arabic, Chinese) have no capitals to look for.
        if first.isalpha() and not first.islower():
            continue
        if word.casefold() in PARTICLES or bare.split("-")[0] in PARTICLES:
            continue
        return False
    return not words[0][0].islower()
