"""A topic's rule and the ranking of what it matches, computed from the tags.

Public names (kept stable for the admin's live preview and the pages):

- `Rule`: the rule's parts as actor ids; `Rule.of(topic)` reads a saved one.
- `rule_ranked(*, rule, public=True)`: every piece the rule matches, most
  relevant first, as `Ranked` rows (piece id, score, publish time, the shared
  actor ids rarest first).

The score is related coverage's (articles.related.scoring) of the piece's
actors against the topic's (`all_of` and `any_of`): the summed rarity weight of
those it shares, so rarer shared actors count more. Time apart is left out of
it, as over a topic's years it would outweigh what pieces share: it breaks
ties, the piece nearer the topic's newest coverage (the newer) first, then the
higher id, so the order is deterministic.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from articles.models import Article, ArticleEntity, public_q, published_q
from articles.related.scoring import related_score, shared_weight, time_scale
from articles.related.weights import actor_weights
from entities.models import Entity

from .models import Part, Topic


@dataclass(frozen=True)
class Rule:
    all_of: frozenset[int] = frozenset()
    any_of: frozenset[int] = frozenset()
    min_shared: int = 1
    none_of: frozenset[int] = frozenset()
    since: date | None = None
    until: date | None = None
    excluded: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, topic: Topic) -> "Rule":
        """The saved rule of `topic` (two queries)."""
        parts: dict[str, set[int]] = {part: set() for part in Part}
        for part, actor_id in topic.actor_links.values_list("part", "tag_id"):
            parts[part].add(actor_id)
        return cls(
            all_of=frozenset(parts[Part.ALL_OF]),
            any_of=frozenset(parts[Part.ANY_OF]),
            min_shared=topic.min_shared,
            none_of=frozenset(parts[Part.NONE_OF]),
            since=topic.since,
            until=topic.until,
            excluded=frozenset(topic.excluded.values_list("pk", flat=True)),
        )

    @property
    def counted(self) -> frozenset[int]:
        """The actors a piece's score is counted over."""
        return self.all_of | self.any_of

    def matches(self, actor_ids: set[int], published: date | None = None) -> bool:
        """Whether a piece with these actors (published that day, if given:
        `rule_ranked` bounds the days in SQL) is in."""
        if not self.counted or not self.all_of <= actor_ids:
            return False
        if self.any_of and len(self.any_of & actor_ids) < self.min_shared:
            return False
        if self.none_of & actor_ids:
            return False
        if published and self.since and published < self.since:
            return False
        return not (published and self.until and published > self.until)


@dataclass(frozen=True)
class Ranked:
    article_id: int
    score: float
    publish_at: datetime
    # The topic's actors the piece shares, rarest first.
    shared: tuple[int, ...]

    @property
    def key(self) -> tuple:
        """Sorts best first."""
        return (-self.score, -self.publish_at.timestamp(), -self.article_id)


def _links(rule: Rule, *, public: bool, article_ids=None, dated: bool = True):
    """(piece id, actor id) of the links to the rule's actors of the public (or
    published) pieces, within its days if `dated`: one query over the actors'
    links, two integers a row."""
    piece = "content_object__"
    links = ArticleEntity.objects.filter(
        (public_q(piece) if public else published_q(piece)),
        tag_id__in=rule.counted | rule.none_of,
    )
    if dated and rule.since:
        links = links.filter(**{f"{piece}publish_at__date__gte": rule.since})
    if dated and rule.until:
        links = links.filter(**{f"{piece}publish_at__date__lte": rule.until})
    if article_ids is not None:
        links = links.filter(content_object_id__in=article_ids)
    return links.values_list("content_object_id", "tag_id")


def _actor_sets(links) -> dict[int, set[int]]:
    pieces: dict[int, set[int]] = {}
    for piece_id, actor_id in links:
        pieces.setdefault(piece_id, set()).add(actor_id)
    return pieces


# Pieces whose publish times are read per query.
_BATCH = 2000


def _scored(rule: Rule, pieces: dict[int, set[int]]) -> list[Ranked]:
    """The `Ranked` row of each of `pieces` (id → its actors), in no order."""
    ids = list(pieces)
    times = {}
    for start in range(0, len(ids), _BATCH):
        times |= dict(
            Article.objects.filter(pk__in=ids[start : start + _BATCH]).values_list(
                "pk", "publish_at"
            )
        )
    weights = actor_weights(Entity.objects.filter(pk__in=rule.counted).only("kind"))
    scale = time_scale()
    ranked = []
    for piece_id, actor_ids in pieces.items():
        shared = sorted(actor_ids & rule.counted)
        ranked.append(
            Ranked(
                article_id=piece_id,
                score=related_score(
                    shared_weight=shared_weight(weights, shared),
                    seconds_apart=0,
                    scale=scale,
                ),
                publish_at=times[piece_id],
                shared=tuple(sorted(shared, key=lambda pk: (-weights[pk], pk))),
            )
        )
    return ranked


def rule_ranked(*, rule: Rule, public: bool = True) -> list[Ranked]:
    """Every piece `rule` matches, most relevant first: public pieces, or with
    `public=False` every published one, scheduled ones too. Excluded pieces
    are left out."""
    if not rule.counted:
        return []
    pieces = {
        piece_id: actor_ids
        for piece_id, actor_ids in _actor_sets(_links(rule, public=public)).items()
        if piece_id not in rule.excluded and rule.matches(actor_ids)
    }
    return sorted(_scored(rule, pieces), key=lambda row: row.key)


def rule_shared(*, rule: Rule, article_ids: list[int]) -> list[Ranked]:
    """The `Ranked` rows of these published pieces, matched or not (pinned
    pieces): what they share with the rule, and its score."""
    if not article_ids or not rule.counted:
        return []
    links = _links(rule, public=False, article_ids=article_ids, dated=False)
    return _scored(rule, _actor_sets(links))
