"""The two reads behind related coverage, each a single SQL statement.

A served list and a live ranking are read on every article page, so each is one
round trip, written out because building it with the ORM costs more than the
database takes to run it (a served list executes in ~0.1 ms at a million
pieces). Which pieces qualify is still said by Qs (`eligible_q` here, the
public rule in `public_q`), compiled once per database. On PostgreSQL they
take their results in binary, which spares parsing hundreds of publish times
from text.

They are not prepared (newsroom.statements): PostgreSQL's generic plan for the
served list runs 3–5 times slower than a fresh plan, and forcing custom plans
saves only ~0.06 ms of 0.7 ms (100,000 pieces).
"""

import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q, QuerySet
from django.utils import timezone

from images.models import Image
from newsroom.statements import server_cursor

from ..models import Article, ArticleEntity, public_q, published_q
from .models import ActorWeight, RelatedArticle
from .scoring import related_score_sql, shared_weight_sql

_ARTICLE = Article._meta.db_table
_IMAGE = Image._meta.db_table
_LINK = ArticleEntity._meta.db_table
_LIST = RelatedArticle._meta.db_table
_WEIGHT = ActorWeight._meta.db_table
# What a related card and the API show of a piece, in the model's field order
# (the order Model.from_db takes).
CARD_FIELDS = [
    field.attname
    for field in Article._meta.concrete_fields
    if field.attname in {"id", "slug", "headline", "language", "publish_at", "image_id"}
]

# (score, the shared actors' ids rarest first, the neighbour): an Article with
# only what a related card shows.
ServedRow = tuple[float, list[int], Article]
# (candidate id, publish time, the ids of the actors it shares, their weights
# in the same order, None where never stored), followed when asked by the rest
# of the candidate's CARD_FIELDS (see `card_of`).
CandidateRow = tuple
_CARD_REST = [name for name in CARD_FIELDS if name not in {"id", "publish_at"}]


def eligible_q(prefix: str = "") -> Q:
    """Pieces that may be someone's related coverage, public now or scheduled."""
    return published_q(prefix) & Q(
        **{
            f"{prefix}exclude_from_related": False,
            f"{prefix}publish_at__isnull": False,
        }
    )


def eligible_pieces() -> QuerySet[Article]:
    return Article.objects.filter(eligible_q())


def _database() -> BaseDatabaseWrapper:
    """Where these reads go: raw SQL is not routed by itself, so it asks the
    router as the ORM would (a reader's page reads the replica, if any)."""
    return connections[router.db_for_read(Article)]


# Any moment: a rule is compiled with it, and each read puts its own moment of
# reading in every place it went.
_SOME_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)
# Prepares a moment for the database as any time field of the rule would.
_PUBLISH_AT = Article._meta.get_field("publish_at")


@dataclass(frozen=True)
class CompiledRule:
    """A rule on pieces as SQL on the article table, referred to by its own
    name, compiled with _SOME_MOMENT for the moment of reading."""

    sql: str
    params: tuple
    # Where among `params` _SOME_MOMENT went: once per time comparison.
    moments: tuple[int, ...]

    def params_at(self, moment: datetime, connection: BaseDatabaseWrapper) -> list:
        params = list(self.params)
        value = _PUBLISH_AT.get_db_prep_value(moment, connection)
        for at in self.moments:
            params[at] = value
        return params


def rule_compile(
    *, rule: Callable[[datetime], Q], connection: BaseDatabaseWrapper
) -> CompiledRule:
    """`rule(moment of reading)`, compiled for `connection`."""
    query = Article.objects.filter(rule(_SOME_MOMENT)).query
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    moment = _PUBLISH_AT.get_db_prep_value(_SOME_MOMENT, connection)
    return CompiledRule(
        sql=sql,
        params=tuple(params),
        moments=tuple(at for at, value in enumerate(params) if value == moment),
    )


def _public_pool(now: datetime) -> Q:
    return eligible_q() & public_q(now=now)


@functools.cache
def _compiled_pool(alias: str, public: bool) -> CompiledRule:
    """The pieces that may be shown (`public`) or stored as related coverage.

    Compiled once per database: compiling the Q costs more (~0.2 ms) than
    PostgreSQL takes to read a stored list.
    """
    return rule_compile(
        rule=_public_pool if public else lambda _: eligible_q(),
        connection=connections[alias],
    )


def _pool(connection: BaseDatabaseWrapper, *, public: bool) -> tuple[str, list]:
    pool = _compiled_pool(connection.alias, public)
    return pool.sql, pool.params_at(timezone.now(), connection)


def _card_columns() -> str:
    return ", ".join(f"{_ARTICLE}.{name}" for name in CARD_FIELDS)


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _list_of(column: str, connection: BaseDatabaseWrapper) -> str:
    """An aggregate of `column` into a list. Two of them in one SELECT list
    their values in the same order: they are fed the same rows in one pass."""
    if connection.vendor == "postgresql":
        return f"array_agg({column})"
    return f"json_group_array({column})"


def _served_select(
    connection: BaseDatabaseWrapper, article: str, moment: datetime, limit: int
) -> tuple[str, list]:
    """The best `limit` stored neighbours public at `moment` of the piece whose
    id is the SQL `article`, as a SELECT of (score, shared, CARD_FIELDS).

    The list's rows are picked in a derived table of their own, so that
    `article` may name a column of an enclosing query's article table, which
    the join here would otherwise hide."""
    pool = _compiled_pool(connection.alias, True)
    sql = (
        f"SELECT r.score, r.shared, {_card_columns()} "
        f"FROM (SELECT related_id, score, shared FROM {_LIST} "
        f"WHERE article_id = {article}) r "
        f"JOIN {_ARTICLE} ON {_ARTICLE}.id = r.related_id "
        f"WHERE {pool.sql} "
        f"ORDER BY r.score DESC, {_ARTICLE}.publish_at DESC, r.related_id DESC "
        f"LIMIT %s"
    )
    return sql, [*pool.params_at(moment, connection), limit]


def served_rows(article_id: int, *, limit: int) -> list[ServedRow]:
    """The best `limit` stored neighbours of a piece that are public now."""
    connection = _database()
    sql, params = _served_select(connection, "%s", timezone.now(), limit)
    with server_cursor(connection, prepare=False, binary=True) as cursor:
        cursor.execute(sql, [article_id, *params])
        rows = _aware(cursor.fetchall(), columns=[2 + CARD_FIELDS.index("publish_at")])
    return [_served_row(row, connection.alias) for row in rows]


def _served_row(row, alias: str) -> ServedRow:
    score, shared, *card = row
    return (
        score,
        # SQLite hands JSON back as text.
        json.loads(shared) if isinstance(shared, str) else shared,
        Article.from_db(alias, CARD_FIELDS, card),
    )


def served_list_sql(
    *, article_column: str, limit: int, moment: datetime, connection
) -> tuple[str, list]:
    """`served_rows` of the piece whose id is `article_column` (a column of the
    enclosing query) at `moment`, as an SQL expression: a list in JSON text,
    which `served_rows_loaded` reads. The SQL for a query compiled once."""
    select, params = _served_select(connection, article_column, moment, limit)
    # Each card closes with its picture's edit time, which nothing else in the
    # list shows: a page kept by what it read (newsroom.stored_pages) must
    # change when a related piece's picture does.
    cards = ", ".join(f"s.{name}" for name in CARD_FIELDS) + (
        f", (SELECT i.updated_at FROM {_IMAGE} i WHERE i.id = s.image_id)"
    )
    if connection.vendor == "postgresql":
        return (
            f"(SELECT json_agg(json_build_array(s.score, s.shared, {cards}) "
            f"ORDER BY s.score DESC, s.publish_at DESC, s.id DESC)::text "
            f"FROM ({select}) s)"
        ), params
    # SQLite writes reals in JSON to 15 digits; 17 give the score back exactly.
    return (
        f"(SELECT json_group_array(json_array(printf('%%!.17g', s.score), "
        f"json(s.shared), {cards})) FROM ({select}) s)"
    ), params


def served_rows_loaded(text: str | None, alias: str) -> list[ServedRow]:
    """The rows of a `served_list_sql` list, as `served_rows` gives them."""
    if text is None:
        return []
    return [
        _served_row(
            [float(score), shared, *json_values(Article, CARD_FIELDS, card)], alias
        )
        for score, shared, *card, _picture_edited in json.loads(text)
    ]


# What JSON gives as Python would read the column: nothing to convert.
_AS_JSON_GIVES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "CharField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


@functools.cache
def _converters(model, names: tuple[str, ...]) -> tuple:
    converters = []
    for name in names:
        field = model._meta.get_field(name)
        kind = (field.target_field if field.is_relation else field).get_internal_type()
        if kind in _AS_JSON_GIVES:
            converters.append(None)
        elif kind == "DateTimeField":
            converters.append(_aware_time)
        else:
            converters.append(field.to_python)
    return tuple(converters)


def _aware_time(value):
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    # SQLite's are written without a zone, in UTC as Django stores them.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def json_values(model, names: list[str], values: list) -> list:
    """Column values of `model` as a JSON list in SQL gave them (times as text,
    booleans perhaps as numbers), as the ORM would have read the columns."""
    return [
        value if convert is None or value is None else convert(value)
        for convert, value in zip(_converters(model, tuple(names)), values, strict=True)
    ]


_SIDES = [("<", "DESC"), (">", "ASC")]


def _nearest(
    connection: BaseDatabaseWrapper, article_id: int, actor_ids: list[int], n: int
) -> tuple[str, list]:
    """The ids of the `n` pieces on each side of `article_id` for each actor,
    as a query. PostgreSQL walks the link index once per actor and side
    (LATERAL); SQLite, which has no LATERAL, gets the same as a UNION of
    branches, which PostgreSQL plans several times slower at a dozen actors."""
    if connection.vendor == "postgresql":
        sides = " UNION ALL ".join(
            f"(SELECT content_object_id FROM {_LINK} WHERE tag_id = actor.id "
            f"AND content_object_id {op} %s ORDER BY content_object_id {order} "
            f"LIMIT %s)"
            for op, order in _SIDES
        )
        return (
            f"SELECT DISTINCT side.content_object_id "
            f"FROM unnest(%s::bigint[]) AS actor (id) "
            f"CROSS JOIN LATERAL ({sides}) AS side",
            [actor_ids, *[article_id, n] * len(_SIDES)],
        )
    branches, params = [], []
    for actor_id in actor_ids:
        for op, order in _SIDES:
            branches.append(
                f"SELECT * FROM (SELECT content_object_id FROM {_LINK} "
                f"WHERE tag_id = %s AND content_object_id {op} %s "
                f"ORDER BY content_object_id {order} LIMIT %s) AS near{len(branches)}"
            )
            params += [actor_id, article_id, n]
    return " UNION ".join(branches), params


# Candidates ranked in SQL beyond those asked for: Python ranks them again
# exactly, and only candidates within float rounding of the last one asked for
# could swap places.
_RANK_MARGIN = 50


def nearby_rows(
    article_id: int,
    actor_ids: list[int],
    *,
    public: bool,
    per_actor: int,
    best: int,
    origin: datetime,
    scale: float,
    with_cards: bool = False,
) -> list[CandidateRow]:
    """Of the pieces nearest to `article_id` that may be shown (`public`) or
    stored as related coverage, about the `best` that share most with it
    around `origin` (τ = `scale` seconds), each with the `actor_ids` it shares.

    The nearest are, for each actor, the `per_actor` pieces on each side of it
    in id order, which is publish order for pieces written as news happens:
    reading the link index only keeps this fast on actors with a million
    pieces, and a backdated piece gets approximate candidates until
    `rebuild_related`. A candidate's shared actors are all of them, not only
    the one it came by. The database scores the several hundred candidates
    roughly and hands back only the best `best` and a margin, sparing sending
    and ranking the rest; an actor with no stored weight counts there as
    UNKNOWN_WEIGHT, the heaviest, so that no candidate it could lift is left out.
    `with_cards` adds what a card shows of each, sparing a second round trip
    to fetch the winners.
    """
    connection = _database()
    where, params = _pool(connection, public=public)
    near, near_params = _nearest(connection, article_id, actor_ids, per_actor)
    cards = "".join(f", candidate.{name}" for name in _CARD_REST)
    score, score_params = related_score_sql(
        shared_weight="shared.weight",
        publish_at="candidate.publish_at",
        origin=origin.timestamp(),
        scale=scale,
        connection=connection,
    )
    sql = (
        f"WITH near (id) AS ({near}), "
        # Materialised, so that each candidate's piece is read once (the public
        # rule, its card) before its links, not once per link.
        f"candidate AS MATERIALIZED (SELECT {_card_columns()} FROM near "
        f"JOIN {_ARTICLE} ON {_ARTICLE}.id = near.id WHERE {where}), "
        f"weight AS MATERIALIZED (SELECT entity_id, weight FROM {_WEIGHT} "
        f"WHERE entity_id IN ({_placeholders(actor_ids)})), "
        f"shared AS (SELECT l.content_object_id AS id, "
        f"{_list_of('l.tag_id', connection)} AS actors, "
        f"{_list_of('weight.weight', connection)} AS weights, "
        f"{shared_weight_sql('weight.weight')} AS weight "
        f"FROM candidate JOIN {_LINK} l ON l.content_object_id = candidate.id "
        f"LEFT JOIN weight ON weight.entity_id = l.tag_id "
        f"WHERE l.tag_id IN ({_placeholders(actor_ids)}) "
        f"GROUP BY l.content_object_id) "
        f"SELECT candidate.id, candidate.publish_at, shared.actors, shared.weights"
        f"{cards if with_cards else ''} "
        f"FROM candidate JOIN shared ON shared.id = candidate.id "
        f"ORDER BY {score} DESC, candidate.publish_at DESC, candidate.id DESC "
        f"LIMIT %s"
    )
    with server_cursor(connection, prepare=False, binary=True) as cursor:
        cursor.execute(
            sql,
            [
                *near_params,
                *params,
                *actor_ids,
                *actor_ids,
                *score_params,
                best + _RANK_MARGIN,
            ],
        )
        rows = _aware(cursor.fetchall(), columns=[1])
    if connection.vendor == "postgresql":
        return rows
    # SQLite hands back the lists as JSON text.
    return [
        (piece_id, publish_at, json.loads(shared), json.loads(weights), *card)
        for piece_id, publish_at, shared, weights, *card in rows
    ]


def card_of(row: CandidateRow) -> Article:
    """The piece of a row read `with_cards`, as an Article holding only those."""
    card = dict(zip(_CARD_REST, row[4:], strict=True), id=row[0], publish_at=row[1])
    return Article.from_db(
        _database().alias, CARD_FIELDS, [card[name] for name in CARD_FIELDS]
    )


def _aware(rows: list[tuple], *, columns: list[int]) -> list[tuple]:
    """SQLite hands raw queries naive UTC times, which the ORM would make aware."""
    if not rows or timezone.is_aware(rows[0][columns[0]]):
        return rows
    return [
        tuple(
            value.replace(tzinfo=UTC) if at in columns else value
            for at, value in enumerate(row)
        )
        for row in rows
    ]


def known_weights(rows: Iterable[CandidateRow]) -> dict[int, float]:
    """Actor id → stored weight, from candidate rows."""
    return {
        actor_id: weight
        for row in rows
        for actor_id, weight in zip(row[2], row[3], strict=True)
        if weight is not None
    }
