"""Hypothesis strategies for import files: nearly right, so that the fuzzing
reaches past the JSON parser into the checks and writes behind it."""

import json

from hypothesis import strategies as st

from articles.models import CorrectionKind, Status
from entities.models import Kind
from entities.normalization import name_key

# Names that meet the actors of `newsroom_state` and each other: the same name
# in other cases, accents and spacing, an alias, a name shared by two kinds,
# a merged-away name, and folds that grow ("ß" → "ss", "ﷺ" → 18 letters).
NAMES = [
    "Hezbollah",
    " hezbollah ",
    "HIZBOLLAH",
    "Hizb Allah",
    "Georgia",
    "Iran",
    "Égypte",
    "egypte",
    "Straße",
    "strasse",
    "ﷺ",
]
SLUGS = ["existing-piece", "hezbollah", "georgia", "hizb-allah", "new-piece"]
# Authors that meet those of `newsroom_state`: by name in other cases, a name
# two of them share, a slug in use, and folds that grow.
AUTHOR_NAMES = ["Dana Levin", " dana  LEVIN ", "Sam Jones", "Élise Moreau", "Straße"]
AUTHOR_SLUGS = ["dana-levin", "sam-jones-2", "elise-moreau", "new-author"]
URLS = ["https://dana.example/", "http://x.example/a?b=c", ""]
DATES = [
    "2018-01-29T12:00:00+00:00",
    "2018-01-29T12:00:00",
    "2018-01-29 12:00:00.250000+05:30",
    "2018-01-29T12:00Z",
    "2099-01-01T00:00:00-04:00",
    "2018-02-30T12:00:00",
    "2018-01-29T25:00:00",
    "2018-01-29T12:00:00+99:00",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "2018-01-29",
    "yesterday",
]

# Strings the format allows and every store keeps: the names above, or any
# text without NUL or lone surrogates.
storable_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30
)
names = st.sampled_from(NAMES)
ordinary = names | storable_text
# Strings at the edges: every code point, lengths either side of the model
# limits (20, 100, 200, 300, and folds that grow), NUL and lone surrogates.
odd_text = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=40),
    st.sampled_from([19, 20, 21, 99, 100, 101, 199, 200, 201, 300, 301]).map(
        lambda n: "x" * n
    ),
    st.integers(1, 201).map(lambda n: "\ufdfa" * n),
    st.sampled_from(["", " ", "\x00", "a\x00b", "\ud800", "Hezbollah \udfff"]),
)
wrong_type = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def faults_one_in(n: int):
    """Leave objects as drawn but one time in `n`, when one field holds odd text
    or the wrong JSON type, or an unknown field is added: so that most lines
    get past the first check they could fail, and each check is reached."""

    @st.composite
    def with_a_fault(draw, objects):
        data = draw(objects)
        if draw(st.integers(1, n)) == n:
            field = draw(st.sampled_from([*data, "colour"]))
            data[field] = draw(st.one_of(odd_text, wrong_type))
        return data

    return with_a_fault


entity_objects = faults_one_in(6)(
    st.fixed_dictionaries(
        {"name": ordinary},
        optional={
            "kind": st.sampled_from(Kind.values),
            "slug": st.sampled_from([*SLUGS, "UPPER_case"]),
            "aliases": st.lists(ordinary, max_size=3),
            "wikidata_id": st.sampled_from(["Q41053", "Q1", "", "Q0", "41053"]),
            "description": ordinary,
        },
    )
)
entities = st.lists(names | entity_objects, max_size=4)
author_names = st.sampled_from(AUTHOR_NAMES)
author_objects = faults_one_in(6)(
    st.fixed_dictionaries(
        {"name": author_names | storable_text},
        optional={
            "slug": st.sampled_from([*AUTHOR_SLUGS, "UPPER_case"]),
            "role": ordinary,
            "bio": ordinary,
            "website": st.sampled_from([*URLS, "dana.example"]),
            "links": st.lists(st.sampled_from([*URLS[:2], "javascript:x"]), max_size=2),
            "wikidata_id": st.sampled_from(["Q1", "Q2", "", "41"]),
        },
    )
)
authors = st.lists(author_names | author_objects, max_size=3)
corrections = st.lists(
    faults_one_in(6)(
        st.fixed_dictionaries(
            {"text": ordinary},
            optional={
                "at": st.sampled_from([*DATES, None]),
                "kind": st.sampled_from(CorrectionKind.values),
            },
        )
    ),
    max_size=2,
)
headlines = st.sampled_from(["Talks in Cairo", "Existing piece", " Ü "])
article_objects = faults_one_in(3)(
    st.fixed_dictionaries(
        {"headline": headlines | storable_text},
        optional={
            "slug": st.sampled_from(SLUGS),
            "standfirst": ordinary,
            "body": ordinary,
            "byline": ordinary,
            "section": ordinary,
            "status": st.sampled_from(Status.values),
            "publish_at": st.sampled_from([*DATES, None]),
            "entities": entities,
            "authors": authors,
            "corrections": corrections,
        },
    )
)
article_slugs = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True)
# Pieces that pass every article check, to reach the actors' checks and writes.
actor_objects = st.fixed_dictionaries(
    {"slug": article_slugs, "headline": headlines, "entities": entities.filter(bool)}
)
# What else a line may be: valid JSON of the wrong shape, or not JSON at all,
# including numbers past Python's digit limit and nesting past its recursion.
odd_lines = st.one_of(
    st.sampled_from(
        [
            b"",
            b"   ",
            b"[]",
            b'"headline"',
            b"null",
            b"{",
            b'{"headline": "A", "headline": 1}',
            b'{"headline": "' + "\ud800".encode("utf-8", "surrogatepass") + b'"}',
            b"\xff\xfe",
        ]
    ),
    st.binary(max_size=40),
    st.sampled_from([b"1", b'{"headline": 1', b"["]).map(lambda start: start * 5000),
)


rarely = st.integers(1, 4).map(lambda n: n == 4)


@st.composite
def json_lines(draw, objects=article_objects) -> bytes:
    """A `.jsonl` file: objects in every encoding JSON allows, with odd lines,
    repeated lines, a byte order mark and CRLF endings here and there."""
    lines = []
    for data in draw(st.lists(objects, min_size=1, max_size=4)):
        # Unescaped, a lone surrogate makes the line invalid UTF-8.
        line = json.dumps(data, ensure_ascii=not draw(rarely))
        lines.append(line.encode("utf-8", "surrogatepass"))
    if draw(rarely):
        lines.insert(draw(st.integers(0, len(lines))), draw(odd_lines))
    if draw(rarely):
        lines.append(draw(st.sampled_from(lines)))
    newline = draw(st.sampled_from([b"\n", b"\r\n"]))
    content = newline.join(lines) + draw(st.sampled_from([b"", newline]))
    return draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + content


import_options = st.sampled_from(
    [(), ("--publish",), ("--autotag",), ("--dry-run",), ("--publish", "--autotag")]
)

# Valid files, for the round trip and as the seeds of mutations.
valid_entities = st.lists(
    st.one_of(
        names,
        st.fixed_dictionaries(
            {"name": names | storable_text.filter(name_key)},
            optional={
                "kind": st.sampled_from(Kind.values),
                "aliases": st.lists(names | storable_text.filter(name_key), max_size=2),
                "wikidata_id": st.sampled_from(["", "Q1", "Q41053"]),
                "description": storable_text,
            },
        ),
    ),
    max_size=3,
)
valid_authors = st.lists(
    st.one_of(
        st.sampled_from(["Dana Levin", " dana  LEVIN ", "Élise Moreau"]),
        st.fixed_dictionaries(
            {
                "name": author_names | storable_text.filter(str.strip),
                "slug": st.sampled_from(AUTHOR_SLUGS),
            },
            optional={
                "role": storable_text,
                "bio": storable_text,
                "website": st.sampled_from(URLS),
                "links": st.lists(st.sampled_from(URLS[:2]), max_size=2, unique=True),
            },
        ),
    ),
    max_size=3,
)
valid_corrections = st.lists(
    st.fixed_dictionaries(
        {
            "at": st.sampled_from(DATES[:5]),
            "kind": st.sampled_from(CorrectionKind.values),
            "text": storable_text.filter(str.strip),
        }
    ),
    max_size=2,
)
valid_articles = st.fixed_dictionaries(
    {
        "slug": article_slugs,
        "headline": headlines | storable_text.filter(str.strip),
    },
    optional={
        "standfirst": storable_text,
        "body": storable_text,
        "byline": storable_text,
        "section": storable_text,
        "status": st.sampled_from(Status.values),
        "publish_at": st.sampled_from([*DATES[:5], None]),
        "entities": valid_entities,
        "authors": valid_authors,
        "corrections": valid_corrections,
    },
)
valid_files = st.lists(
    valid_articles, min_size=1, max_size=3, unique_by=lambda data: data["slug"]
).map(lambda records: "".join(json.dumps(r) + "\n" for r in records).encode())


@st.composite
def mutated(draw, content: bytes) -> bytes:
    """`content` with one change a disk, a transfer or a hand edit could make."""
    lines = content.split(b"\n")
    at = draw(st.integers(0, len(content)))
    line = draw(st.integers(0, len(lines) - 1))
    change = draw(
        st.sampled_from(
            ["flip", "delete", "insert", "truncate", "repeat", "swap", "join"]
        )
    )
    if change == "flip":
        return (
            content[:at] + draw(st.binary(min_size=1, max_size=1)) + content[at + 1 :]
        )
    if change == "delete":
        return content[:at] + content[at + draw(st.integers(1, 20)) :]
    if change == "insert":
        return content[:at] + draw(st.binary(min_size=1, max_size=8)) + content[at:]
    if change == "truncate":
        return content[:at]
    if change == "repeat":
        lines.insert(line, lines[line])
    elif change == "swap":
        lines[line], lines[-1] = lines[-1], lines[line]
    else:
        lines[line : line + 2] = [b"".join(lines[line : line + 2])]
    return b"\n".join(lines)
