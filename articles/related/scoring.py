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
"""

import math

from . import conf


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
