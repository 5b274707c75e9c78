"""Readable text for the load corpus: headlines, standfirsts, Markdown bodies.

Common words follow a Zipf law, as in news copy, and every piece also names a
place from a long tail of 27,000 made-up names (in its headline and body), so
a search for a name finds a handful of pieces, as a reader's search for a
place or a person does. Bodies are ~300 words in paragraphs under a
subheading, which is what the article page renders (Markdown, then nh3) on
every uncached request.
"""

import itertools
import random

SUBJECTS = [
    "Ministers", "Negotiators", "Rebels", "Envoys", "Protesters", "Officials",
    "Generals", "Voters", "Mediators", "Inspectors", "Lawmakers", "Aid groups",
]  # fmt: skip
VERBS = [
    "agree", "reject", "resume", "delay", "announce", "question", "extend",
    "suspend", "back", "weigh", "demand", "welcome",
]  # fmt: skip
OBJECTS = [
    "ceasefire talks", "border crossing", "prisoner exchange", "aid corridor",
    "sanctions package", "election timetable", "reconstruction plan",
    "security pact", "trade deal", "peace proposal", "grain shipments",
    "water agreement",
]  # fmt: skip
PLACES = [
    "after overnight strikes", "in the capital", "at the summit",
    "near the frontier", "before the vote", "amid new clashes",
    "under pressure from allies", "as talks stall",
]  # fmt: skip
BYLINES = [
    "Dana Levin", "Omar Haddad", "Sofia Marin", "Yusuf Kaya", "Lena Brandt",
    "Amir Nasser", "Claire Dubois", "Tomas Novak", "Nadia Aziz", "Ben Carter",
]  # fmt: skip
SECTIONS = ["World", "Middle East", "Europe", "Politics", "Business", "Science"]
WORDS = """
the of to and in a said on that for with was by at from as it is talks
government minister officials border ceasefire security forces president
military people city week country new after told would had been their
agreement support region aid election vote leaders international council
parliament opposition troops attack strikes civilians humanitarian refugees
negotiations envoy summit sanctions economy prices fuel grain shipments port
crossing hospital water electricity reconstruction villages frontier capital
statement spokesman report analysts diplomats allies pressure demands proposal
missiles drones convoy checkpoint curfew detainees prisoners exchange release
inquiry court ruling judges constitution coalition budget inflation currency
exports imports pipeline refinery harvest drought floods earthquake shelter
volunteers doctors vaccine outbreak schools teachers students journalists
broadcaster newspaper censorship protest march rally police arrests charges
witnesses evidence investigation tribunal verdict appeal amnesty pardon exile
embassy consulate visa passport smugglers traffickers militia insurgents
rebels warlord ceasefires monitors observers peacekeepers mandate resolution
veto deadline timetable referendum turnout ballots recount fraud monitors
archipelago glacier monsoon typhoon cyclone wildfire locusts famine cholera
""".split()
SYLLABLES = """
ka ro mi ta vel dor al ib ne zu ar ol es un ri ba go lem sa tur fa hi jo ke lu
mar no pe qui so
""".split()
NAMES = ["".join(parts).title() for parts in itertools.product(SYLLABLES, repeat=3)]
WEIGHTS = list(itertools.accumulate(1 / rank for rank in range(1, len(WORDS) + 1)))


def article_text(rng: random.Random, number: int) -> dict:
    """The text fields of corpus piece `number` (see corpus.corpus_generate)."""
    place, other = rng.choice(NAMES), rng.choice(NAMES)
    headline = " ".join(
        [
            rng.choice(SUBJECTS),
            rng.choice(VERBS),
            rng.choice(OBJECTS),
            f"in {place}",
            rng.choice(PLACES),
        ]
    )
    return {
        "headline": headline,
        "standfirst": _sentence(rng, 24),
        "body": "\n\n".join(
            [
                f"{place}: {_sentence(rng, 70)}",
                f"## {_sentence(rng, 4).rstrip('.')}",
                _sentence(rng, 80),
                f"{_sentence(rng, 60)} **{rng.choice(WORDS)}**",
                f"{_sentence(rng, 80)} Officials in {other} and {place} said.",
            ]
        ),
        "byline": rng.choice(BYLINES),
        "section": rng.choice(SECTIONS),
    }


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(WORDS, cum_weights=WEIGHTS, k=words))
    return text[0].upper() + text[1:] + "."
