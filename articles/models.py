from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from entities.models import Entity
from newsroom.slugs import unique_slug

from .rendering import render_markdown


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


def public_q(prefix: str = "") -> Q:
    """The one rule for what a reader may see, usable across relations via `prefix`.

    A piece is public when it is published and its publish time has come, so a
    scheduled piece appears on time with no job running.
    """
    return Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}publish_at__lte": timezone.now(),
        }
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles a reader may see now."""
        return self.filter(public_q())

    def newest_first(self):
        return self.order_by("-publish_at", "-id")

    def with_entities(self):
        """Prefetch each piece's actors, A–Z, for `Article.actors`."""
        return self.prefetch_related(
            models.Prefetch(
                "entity_links",
                queryset=ArticleEntity.objects.select_related("tag").order_by(
                    "tag__name_key", "tag_id"
                ),
            )
        )

    def tagged_with(self, entity: Entity):
        return self.filter(entity_links__tag=entity)


class Article(models.Model):
    headline = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        help_text="Made from the headline if left empty.",
    )
    standfirst = models.TextField(
        blank=True, help_text="The one- or two-sentence summary."
    )
    body = models.TextField(blank=True, help_text="Markdown.")
    byline = models.CharField(max_length=200, blank=True)
    section = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a published piece becomes public: in the future to schedule.",
    )
    exclude_from_related = models.BooleanField(
        default=False,
        help_text="Keep this piece out of other pieces' related coverage "
        "(e.g. a correction or a live blog).",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When this piece's neighbour list was last computed; empty means "serve live".
    related_refreshed_at = models.DateTimeField(null=True, editable=False)
    entities = TaggableManager(
        through="ArticleEntity",
        blank=True,
        verbose_name="actors",
        help_text="The people, organisations, countries and places the piece is about.",
        related_name="articles",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_public_idx"),
            models.Index(fields=["section"], name="article_section_idx"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Article, self.headline, fallback="article", exclude_pk=self.pk
            )
        self.stamp_publication()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def stamp_publication(self) -> None:
        """A published piece gets a publish time (now if none); the first one stays."""
        if self.status == Status.PUBLISHED:
            if self.publish_at is None:
                self.publish_at = timezone.now()
            if self.first_published_at is None:
                self.first_published_at = self.publish_at

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def actors(self) -> list[Entity]:
        """The piece's actors A–Z; one query unless fetched `with_entities()`.

        Read through the link table because taggit's manager takes no ordered prefetch.
        """
        return [link.tag for link in self.entity_links.all()]

    @cached_property
    def body_html(self) -> str:
        return render_markdown(self.body)


class ArticleEntityQuerySet(models.QuerySet):
    def co_coverage(self, entity: Entity, limit: int = 10):
        """Actors most often tagged on the same public pieces as `entity`, counted."""
        return (
            self.filter(
                public_q("content_object__"), content_object__entity_links__tag=entity
            )
            .exclude(tag=entity)
            .values("tag__slug", "tag__name", "tag__kind")
            .annotate(count=models.Count("id"))
            .order_by("-count", "tag__name", "tag__slug")[:limit]
        )


class ArticleEntity(TaggedItemBase):
    content_object = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="entity_links"
    )
    tag = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="article_links"
    )

    objects = ArticleEntityQuerySet.as_manager()

    class Meta:
        verbose_name = "actor tag"
        verbose_name_plural = "actor tags"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="article_entity_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["tag", "content_object"], name="entity_article_idx")
        ]

    def __str__(self):
        return f"{self.content_object} — {self.tag}"


class RelatedArticle(models.Model):
    """A precomputed neighbour: `related` is among the best matches for `article`.

    Lists keep pieces that are published but not yet public; readers only see
    them through `public_q("related__")`, so scheduling and withdrawal take
    effect at read time.
    """

    # The unique constraint's index serves lookups by article.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="related_links", db_index=False
    )
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

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
