"""Full-text search over articles: PostgreSQL's text search, or a plain fallback.

On PostgreSQL the headline weighs more than the standfirst, which weighs more
than the body; each piece's words are stemmed with the text-search
configuration of its language, kept in its `search_config` ("Entscheidungen"
finds a German piece that says "Entscheidung", "missile" an English one that
says "missiles"); a GIN index over exactly `SEARCH_VECTOR` keeps it fast. The
query is read with every configuration, so that the index answers it in one
scan whatever the pieces' languages; each piece found is then ranked and
highlighted by the query as its own language reads it. Elsewhere (SQLite)
every word of the query must appear in the headline, standfirst or body, and
pieces with the words in their headline come first. Either way the matches are
highlighted in an escaped snippet.

A query that names actors (`articles.search_actors`) also finds the pieces
tagged with them (with every one of them, for several names) that contain the
rest of the query, however their text spells the names. The pieces tagged with
more of the named actors come first, newest first among them, then the other
text matches, best first. The text matches of the whole query are always found
too, as before.
"""

import re
from typing import TYPE_CHECKING

from django.contrib.postgres import search as postgres_search
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, models
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsroom.languages import TEXT_SEARCH_CONFIGS, UNSTEMMED_CONFIG

if TYPE_CHECKING:
    from .search_actors import SearchActors


class TextSearchConfigField(models.CharField):
    """A PostgreSQL `regconfig` (plain text elsewhere): being a configuration
    rather than its name keeps `to_tsvector(search_config, …)` immutable, so it
    can be indexed."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "regconfig"
        return super().db_type(connection)


class SearchVector(postgres_search.SearchVector):
    """Django's, with its configuration relabelled too when it goes into a
    subquery: Django's own keeps the outer query's table there, which ties the
    subquery to each outer row, run once per piece and never by the index."""

    def relabeled_clone(self, change_map):
        clone = super().relabeled_clone(change_map)
        if clone.config is not None:
            clone.config = clone.config.relabeled_clone(change_map)
        return clone


SEARCH_CONFIG = models.F("search_config")
SEARCH_VECTOR = (
    SearchVector("headline", weight="A", config=SEARCH_CONFIG)
    + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
    + SearchVector("body", weight="C", config=SEARCH_CONFIG)
)
SEARCH_CONFIGS = sorted({*TEXT_SEARCH_CONFIGS.values(), UNSTEMMED_CONFIG})

# Private-use characters mark the highlights in the database's output, so the
# whole text can be escaped before they become <mark> tags.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
SNIPPET_WORDS = 35
# More pieces than any site holds: a LIMIT that only keeps a subquery planned apart.
SUBQUERY_APART = 10**12
WORD_RE = re.compile(r"\w+")
# Snippets come from the Markdown source; its emphasis and heading marks are noise.
MARKDOWN_MARKS_RE = re.compile(r"[*_`#]+|^>|(?<=\s)>")


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def query_words(terms: str) -> list[str]:
    return list(dict.fromkeys(word.lower() for word in WORD_RE.findall(terms)))


def search_matching(
    articles: models.QuerySet, terms: str, actors: "SearchActors | None" = None
) -> models.QuerySet:
    """`articles` that match `terms`, best first, ready for `search_highlight`;
    with the pieces tagged with the `actors` the terms name."""
    found = _text_matching(articles, terms)
    if not actors:
        return _ranked(found, terms).order_by("-search_rank", "-publish_at", "-id")
    # The named actors' pieces newest first, as on their pages; then the
    # other text matches, best first.
    found = _with_tagged(articles, found, actors)
    return _ranked(found, terms, unranked=models.Q(search_tier__gt=0)).order_by(
        "-search_tier", "-search_rank", "-publish_at", "-id"
    )


def _with_tagged(articles, found, actors: "SearchActors"):
    """`found` and the `articles` tagged with every name's actors that contain
    the rest of the query, each with its `search_tier`: how many of the names
    it is tagged for."""
    names = actors.distinct_names
    tagged = articles
    for name in names:
        tagged = tagged.filter(pk__in=name.tagged_ids())
    if query_words(actors.rest):
        # The pieces with the other words found by the text's index, once:
        # PostgreSQL thinks parsing each of the actor's pieces cheaper (a
        # second for a few hundred) unless the LIMIT keeps the subquery apart.
        rest = _text_matching(articles, actors.rest).order_by().values("pk")
        tagged = tagged.filter(pk__in=rest[:SUBQUERY_APART])
    # A union rather than an OR, so that PostgreSQL finds each part by its
    # index (the text's, the tags') instead of reading every piece's text.
    either = found.order_by().values("pk").union(tagged.order_by().values("pk"))
    tier = sum(
        (
            models.Case(
                models.When(pk__in=name.tagged_ids(), then=1),
                default=0,
                output_field=models.IntegerField(),
            )
            for name in names
        ),
        start=models.Value(0),
    )
    # Both parts are of `articles` already: filtering them again would make
    # PostgreSQL read every piece `articles` holds to find the few united.
    pieces = articles.model._default_manager.filter(pk__in=either)
    return pieces.annotate(search_tier=tier)


def search_highlight(
    articles, terms: str, actors: "SearchActors | None" = None
) -> None:
    """Give each matched article `headline_html` and `snippet_html`, escaped,
    with the `actors` named marked too however the piece spells them."""
    for article in articles:
        if uses_full_text_search():
            headline, snippet = article.search_headline, article.search_snippet
        else:
            words = query_words(terms)
            headline = _marked(article.headline, words)
            snippet = _marked(_fallback_excerpt(article, words), words)
        if actors:
            headline, snippet = actors.marked(headline), actors.marked(snippet)
        article.headline_html = marks_to_html(headline)
        article.snippet_html = marks_to_html(MARKDOWN_MARKS_RE.sub("", snippet))


def marks_to_html(text: str) -> SafeString:
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)


def _text_matching(articles, terms):
    if uses_full_text_search():
        # Constant, so the GIN index finds the pieces. Checking each of them
        # again against the query read in its own language would parse every
        # one's text for the count too, to drop the rare piece whose words
        # another language stems to the same lexeme as the query: not worth it.
        any_language = _any_of(
            SearchQuery(terms, config=config, search_type="websearch")
            for config in SEARCH_CONFIGS
        )
        return articles.annotate(search_vector=SEARCH_VECTOR).filter(
            search_vector=any_language
        )
    words = query_words(terms)
    if not words:
        return articles.none()
    for word in words:
        articles = articles.filter(
            models.Q(headline__icontains=word)
            | models.Q(standfirst__icontains=word)
            | models.Q(body__icontains=word)
        )
    return articles


def _ranked(articles, terms, unranked: models.Q | None = None):
    """Annotate `search_rank` (0 for the `unranked` pieces), and on PostgreSQL
    the highlighted texts."""
    if uses_full_text_search():
        query = SearchQuery(terms, config=SEARCH_CONFIG, search_type="websearch")
        rank = SearchRank(SEARCH_VECTOR, query)
    else:
        rank = sum(
            (
                models.Case(
                    models.When(headline__icontains=word, then=1),
                    default=0,
                    output_field=models.IntegerField(),
                )
                for word in query_words(terms)
            ),
            start=models.Value(0),
        )
    if unranked is not None:
        # Ranking a piece reads its whole text again (on PostgreSQL, parses
        # it): seconds for the thousands of pieces of a common actor, whose
        # order is settled without it.
        rank = models.Case(
            models.When(unranked, then=0), default=rank, output_field=rank.output_field
        )
    articles = articles.annotate(search_rank=rank)
    if not uses_full_text_search():
        return articles
    marks = {"config": SEARCH_CONFIG, "start_sel": MARK_START, "stop_sel": MARK_STOP}
    return articles.annotate(
        search_headline=SearchHeadline("headline", query, highlight_all=True, **marks),
        search_snippet=SearchHeadline(
            Concat(
                "standfirst",
                models.Value(" "),
                "body",
                output_field=models.TextField(),
            ),
            query,
            max_words=SNIPPET_WORDS,
            min_words=15,
            **marks,
        ),
    )


def _any_of(queries):
    queries = iter(queries)
    combined = next(queries)
    for query in queries:
        combined |= query
    return combined


def _fallback_excerpt(article, words: list[str]) -> str:
    """About SNIPPET_WORDS words of standfirst and body around the first match."""
    text = " ".join(f"{article.standfirst} {article.body}".split())
    tokens = text.split(" ")
    first = next(
        (
            index
            for index, token in enumerate(tokens)
            if any(word in token.lower() for word in words)
        ),
        0,
    )
    start = max(0, first - SNIPPET_WORDS // 3)
    end = start + SNIPPET_WORDS
    excerpt = " ".join(tokens[start:end])
    return f"{'… ' if start else ''}{excerpt}{' …' if end < len(tokens) else ''}"


def _marked(text: str, words: list[str]) -> str:
    if not words:
        return text
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    return pattern.sub(lambda match: f"{MARK_START}{match[0]}{MARK_STOP}", text)
