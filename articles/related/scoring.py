"""The score of a match, the one place it is written.

    score(A, B) = Σ over the actors A and B share of weight(actor) × exp(−|Δt| / τ)

weight is the actor's rarity, idf = ln(1 + (N − df + 0.5) / (df + 0.5)) with N the
public pieces and df those tagged with the actor (BM25's form: never negative, so
sharing even a ubiquitous actor counts a little), times an optional per-kind
multiplier (RELATED_KIND_WEIGHTS); Δt is the time between the two publish times
and τ is RELATED_TIME_SCALE_DAYS. Scores are rounded to 9 decimals and shared
weights summed in actor-id order, so that every path — the precomputed table,
the live fallback, the in-memory rebuild, SQLite and PostgreSQL — sorts the
same floats.

Beside the Python form stand its two twins: the SQL one, with which the
database ranks the live candidates roughly before Python ranks the best of
them exactly, and the numpy one, with which the rebuild scores whole arrays.
"""

import math
from typing import TYPE_CHECKING

from django.db.backends.base.base import BaseDatabaseWrapper

from . import conf

if TYPE_CHECKING:
    import numpy as np


def idf(*, total: int, count: int) -> float:
    return math.log(1 + (total - count + 0.5) / (count + 0.5))


def time_scale() -> float:
    """τ in seconds."""
    return conf.RELATED_TIME_SCALE_DAYS * 86400


def related_score(*, shared_weight: float, seconds_apart: float, scale: float) -> float:
    return round(shared_weight * math.exp(-abs(seconds_apart) / scale), 9)


def shared_weight(weights: dict[int, float], sorted_actor_ids: list[int]) -> float:
    """The summed weight of the shared actors, added in id order on every path."""
    total = 0.0
    for actor_id in sorted_actor_ids:
        total += weights[actor_id]
    return total


# The database ranks candidates roughly before Python ranks the best of them
# exactly, and knows only the stored weights: an actor never counted must count
# there as the heaviest of all (an idf is at most ln(2N + 2), 14.5 at a million
# pieces), so that no candidate it could lift is cut before Python scores it
# with its counted weight.
UNKNOWN_WEIGHT = 1e9


def shared_weight_sql(weight: str) -> str:
    """`shared_weight` in SQL: the sum of a group's `weight` column, an actor
    never counted weighing UNKNOWN_WEIGHT. Summed in no set order, so only for
    the rough ranking."""
    return f"SUM(COALESCE({weight}, {UNKNOWN_WEIGHT!r}))"


def related_score_sql(
    *,
    shared_weight: str,
    publish_at: str,
    origin: float,
    scale: float,
    connection: BaseDatabaseWrapper,
) -> tuple[str, list[float]]:
    """`related_score` in SQL, unrounded, of the SQL expressions `shared_weight`
    and `publish_at` around the timestamp `origin`, with its parameters."""
    seconds = _epoch_sql(publish_at, connection)
    return f"{shared_weight} * EXP(-ABS({seconds} - %s) / %s)", [origin, scale]


def _epoch_sql(column: str, connection: BaseDatabaseWrapper) -> str:
    """`column`, a time, in seconds since 1970 as a float."""
    if connection.vendor == "postgresql":
        # Not EXTRACT, which gives numeric: slow in arithmetic.
        return f"date_part('epoch', {column})"
    return f"(julianday({column}) - 2440587.5) * 86400.0"


def related_score_array(
    *, shared_weights: "np.ndarray", seconds_apart: "np.ndarray", scale: float
) -> "np.ndarray":
    """`related_score` of arrays. np.exp and math.exp may differ in the last
    bit, which rounding to 9 decimals hides at the sizes real scores have."""
    # Imported here: the rebuild alone scores arrays, and the web processes
    # that score in Python need never load numpy.
    import numpy as np

    return np.round(shared_weights * np.exp(-np.abs(seconds_apart) / scale), 9)
