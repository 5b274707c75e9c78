"""What related coverage stores: the neighbour lists and the actor weights."""

from django.db import models

from entities.models import Entity

from ..models import Article


class RelatedArticle(models.Model):
    """A precomputed neighbour: `related` is among the best matches for `article`.

    Lists keep pieces that are published but not yet public; readers only see
    them through the public rule (`public_q`), so scheduling and withdrawal take
    effect at read time.
    """

    # The unique constraint's index serves lookups by article.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="related_links", db_index=False
    )
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    # The ids of the actors the two share, rarest first, as when `score` was
    # counted: stored so that reading a list joins no link table.
    shared = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"], name="related_article_unique"
            ),
        ]

    def __str__(self):
        return f"{self.article_id} → {self.related_id} ({self.score:.3f})"


class ActorWeight(models.Model):
    """An actor's rarity weight in related coverage, counted from public pieces.

    A snapshot, because counting the pieces of an actor on most of them is too
    slow to do per lookup: `rebuild_related` recounts every actor and N, a
    refresh the less frequent actors of the pieces it touches.
    """

    entity = models.OneToOneField(
        Entity, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    article_count = models.PositiveIntegerField()
    # N, the public pieces when counted: refreshes reuse the last full count.
    corpus_size = models.PositiveIntegerField()
    weight = models.FloatField()

    def __str__(self):
        return f"{self.entity_id}: {self.weight:.3f}"
