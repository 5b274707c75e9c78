"""Topics: pages editors build from a rule over actors.

A topic's rule says which public pieces it gathers: every `all_of` actor, at
least `min_shared` of the `any_of` actors (when it names any), none of the
`none_of` actors, published between `since` and `until`; editors pin pieces
(shown first, in order) and exclude others. Its ranked list (TopicArticle) is
kept by `topics.ranking`; what a reader may see of it by `public_q` at read time.
"""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from taggit.models import TaggedItemBase

from articles.models import Article, Status
from entities.models import Entity
from images.models import image_field
from newsroom.addresses import slug_url
from newsroom.markdown import markdown_html
from newsroom.slugs import unique_slug

# A topic is a draft or published, in the words pieces use.
TOPIC_STATUSES = [
    (Status.DRAFT.value, Status.DRAFT.label),
    (Status.PUBLISHED.value, Status.PUBLISHED.label),
]


class Part(models.TextChoices):
    """Which part of a topic's rule an actor is in."""

    ALL_OF = "all_of", "Every one of"
    ANY_OF = "any_of", "At least N of"
    NONE_OF = "none_of", "None of"


class TopicQuerySet(models.QuerySet):
    def published(self):
        """Topics a reader may see."""
        return self.filter(status=Status.PUBLISHED)

    def including(self, entity: Entity):
        """Topics whose rule requires or counts `entity` (not those excluding it)."""
        return self.filter(
            models.Exists(
                TopicActor.objects.filter(
                    content_object=models.OuterRef("pk"),
                    tag=entity,
                    part__in=[Part.ALL_OF, Part.ANY_OF],
                )
            )
        )


def min_shared_problem(*, min_shared: int, any_of_count: int) -> str:
    """What is wrong with `min_shared` for a rule of `any_of_count` any-of
    actors, or "" if nothing."""
    if min_shared < 1:
        return "At least one of the actors must be shared."
    if any_of_count and min_shared > any_of_count:
        return (
            f"A piece cannot share {min_shared} of {any_of_count} "
            f"actor{'s' if any_of_count != 1 else ''}."
        )
    return ""


@reversion.register(follow=["actor_links", "pins"])
class Topic(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        help_text="Made from the title if left empty.",
    )
    intro = models.TextField(blank=True, help_text="Markdown.")
    image = image_field(related_name="topics", verbose_name="lead image")
    status = models.CharField(
        max_length=20, choices=TOPIC_STATUSES, default=Status.DRAFT
    )
    min_shared = models.PositiveSmallIntegerField(
        "at least",
        default=1,
        help_text="How many of the “at least N of” actors a piece must share.",
    )
    since = models.DateField(
        null=True, blank=True, help_text="Only pieces published on or after this day."
    )
    until = models.DateField(
        null=True, blank=True, help_text="Only pieces published on or before this day."
    )
    excluded = models.ManyToManyField(
        Article,
        blank=True,
        related_name="excluded_from_topics",
        verbose_name="excluded pieces",
        help_text="Never shown on the topic, whatever the rule says.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_shared__gte=1), name="topic_min_shared_positive"
            ),
        ]
        permissions = [("publish_topic", "Can publish topics")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Topic, self.title, fallback="topic", exclude_pk=self.pk
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("topicpages:detail", self.slug)

    def clean(self):
        if self.since and self.until and self.since > self.until:
            raise ValidationError({"until": "The last day comes before the first."})

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def intro_html(self) -> str:
        return markdown_html(self.intro)

    def actors_in(self, part: Part) -> list[Entity]:
        """The rule's actors in `part`, A–Z (prefetch `actor_links__tag`)."""
        return sorted(
            (link.tag for link in self.actor_links.all() if link.part == part),
            key=lambda entity: (entity.name_key, entity.pk),
        )

    @property
    def all_of(self) -> list[Entity]:
        return self.actors_in(Part.ALL_OF)

    @property
    def any_of(self) -> list[Entity]:
        return self.actors_in(Part.ANY_OF)

    @property
    def none_of(self) -> list[Entity]:
        return self.actors_in(Part.NONE_OF)


@reversion.register()
class TopicActor(TaggedItemBase):
    """An actor in a topic's rule. A link table of the vocabulary's, so an
    actor merge moves it as it moves pieces' tags (entities.merging)."""

    content_object = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="actor_links"
    )
    tag = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="topic_links"
    )
    part = models.CharField(max_length=10, choices=Part)

    class Meta:
        verbose_name = "actor in the rule"
        verbose_name_plural = "actors in the rule"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"],
                name="topic_actor_unique",
                violation_error_message="An actor is in one part of the rule only.",
            ),
        ]
        indexes = [models.Index(fields=["tag", "part"], name="actor_topic_idx")]

    def __str__(self):
        return f"{self.content_object} — {self.tag} ({self.get_part_display()})"


@reversion.register()
class TopicPin(models.Model):
    """A piece shown first on a topic, at a place among its pins."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="pins")
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="topic_pins"
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Pinned pieces are shown from the lowest number up."
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "pinned piece"
        verbose_name_plural = "pinned pieces"
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "article"],
                name="topic_pin_unique",
                violation_error_message="This piece is already pinned.",
            ),
        ]

    def __str__(self):
        return f"{self.topic} — {self.article}"


class TopicArticle(models.Model):
    """A piece in a topic's ranked list: pinned pieces first, then the pieces
    its rule matches, most relevant first (`rank` from 0). Kept by
    `topics.ranking`, for published pieces whether public yet or not, so a
    scheduled piece appears in its place on time with no write."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="ranked")
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="topic_ranks"
    )
    rank = models.PositiveIntegerField()
    pinned = models.BooleanField(default=False)
    score = models.FloatField()
    # The topic's actors the piece is tagged with, rarest first.
    shared = models.JSONField(default=list)

    class Meta:
        ordering = ["topic", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "article"], name="topic_article_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["topic", "rank"], name="topic_rank_idx"),
            models.Index(fields=["article"], name="topic_article_piece_idx"),
        ]

    def __str__(self):
        return f"{self.topic} #{self.rank}: {self.article}"
