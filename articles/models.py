from datetime import datetime

import reversion
from django.conf import settings
from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from authors.models import Author
from entities.models import Entity
from images.models import image_field
from newsroom.addresses import slug_url
from newsroom.dates import datetime_text
from newsroom.languages import (
    language_default,
    language_normalize,
    text_search_config,
    validate_language,
)
from newsroom.markdown import markdown_html
from newsroom.slugs import unique_slug
from sections.models import Section

from .search import TextSearchConfigField, search_matching


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


def published_q(prefix: str = "") -> Q:
    """Pieces an editor has published: public now, or once their time comes."""
    return Q(**{f"{prefix}status": Status.PUBLISHED})


def due_q(prefix: str = "", *, now: datetime | None = None) -> Q:
    """Pieces whose publish time has come (`now` is this moment unless given)."""
    return Q(**{f"{prefix}publish_at__lte": timezone.now() if now is None else now})


def public_q(prefix: str = "", *, now: datetime | None = None) -> Q:
    """The one rule for what a reader may see, usable across relations via `prefix`.

    A piece is public when it is published and its publish time has come, so a
    scheduled piece appears on time with no job running. `Article.is_public`
    is its twin in Python.
    """
    return published_q(prefix) & due_q(prefix, now=now)


def sections_with_public_pieces(*, now: datetime | None = None):
    """Sections with a piece public at `now` (default: now), in the editors'
    order: those readers may see."""
    return Section.objects.filter(
        models.Exists(Article.objects.filter(public_q(now=now), section=OuterRef("pk")))
    )


def last_public_change(prefix: str) -> models.Max:
    """The aggregate of when the public pieces across `prefix` last changed for
    readers, as `Article.modified_at` says: for an actor's or author's page."""
    return models.Max(
        Greatest(f"{prefix}publish_at", f"{prefix}updated_at"), filter=public_q(prefix)
    )


class EditConflict(Exception):
    """Someone saved the piece after this copy was loaded; saving would undo them."""

    def __init__(self, *, article_id, base_version, current):
        self.article_id = article_id
        self.base_version = base_version
        self.current = current
        super().__init__(self.message)

    @classmethod
    def for_article(cls, article: "Article") -> "EditConflict":
        current = (
            Article.objects.select_related("updated_by").filter(pk=article.pk).first()
        )
        return cls(article_id=article.pk, base_version=article.version, current=current)

    @property
    def saved_by(self) -> str:
        editor = self.current and self.current.updated_by
        if editor is None:
            return "someone else"
        return editor.get_full_name() or editor.get_username()

    @property
    def message(self) -> str:
        if self.current is None:
            return "This piece was deleted after you opened it; nothing was saved."
        return (
            f"{self.saved_by} saved this piece at "
            f"{datetime_text(self.current.updated_at)} "
            f"after you opened it (you started from version {self.base_version}, "
            f"it is now version {self.current.version}). Your changes were not "
            "saved, so nothing of theirs was lost."
        )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles a reader may see now."""
        return self.filter(public_q())

    def gone(self):
        """Pieces readers once saw and the editors withdrew: their addresses
        answer 410 Gone rather than 404, which would say they never were."""
        return self.filter(status=Status.WITHDRAWN, first_published_at__isnull=False)

    def scheduled(self):
        """Published pieces whose time has not come yet."""
        return self.filter(published_q()).exclude(due_q())

    def overdue(self):
        """Pieces not yet published whose planned time has passed."""
        return self.filter(due_q(), status__in=[Status.DRAFT, Status.REVIEW])

    def unchanged_for(self, seconds: float) -> float:
        """`seconds`, cut short by the next scheduled piece going public.

        No write happens when a scheduled piece's time comes, so nothing would
        tell a cache of what readers see; an entry must simply not outlive that
        moment.
        """
        next_at = self.scheduled().aggregate(next=models.Min("publish_at"))["next"]
        if next_at is None:
            return seconds
        return max(0.001, min(seconds, (next_at - timezone.now()).total_seconds()))

    def newest_first(self):
        return self.order_by("-publish_at", "-id")

    def few_newest_first(self):
        """`newest_first()` for a selection known to be small, such as a rare
        actor's pieces: found first, then sorted.

        PostgreSQL estimates an actor's pieces from the average actor's, so
        for a rare actor on a big corpus it expects hundreds, and walks every
        piece newest first through the publication index, probing each for
        the actor, to stop at the page's last: the whole index for an actor on
        3 of 100,000 pieces (88 ms). Ordering on an expression that index does
        not give leaves it nothing to walk.
        """
        return self.order_by(Coalesce("publish_at", "publish_at").desc(), "-id")

    def with_entities(self):
        """Prefetch each piece's actors, A–Z, for `Article.actors`, and join its
        lead image and section: what every page showing a piece reads besides
        the piece."""
        return self.select_related("image", "section").prefetch_related(
            models.Prefetch(
                "entity_links",
                queryset=ArticleEntity.objects.select_related("tag").order_by(
                    "tag__name_key", "tag_id"
                ),
            )
        )

    def with_authors(self):
        """Prefetch each piece's authors, in byline order, for `Article.authors`."""
        return self.prefetch_related(
            models.Prefetch(
                "author_links",
                queryset=ArticleAuthor.objects.select_related("author"),
            )
        )

    def with_part_stamps(self):
        """Annotate `author_stamp` and `correction_stamp`: which authors the
        piece credits and their latest edit, and which corrections it carries,
        each in a subquery, to tell whether a rendering of the piece still
        holds without reading them (articles.page_parts)."""
        authors = _stamp(
            ArticleAuthor.objects.filter(article=OuterRef("pk")),
            "article",
            models.Sum("author_id"),
            models.Max("author__updated_at"),
        )
        corrections = _stamp(
            Correction.objects.filter(article=OuterRef("pk")),
            "article",
            models.Max("id"),
            models.Max("at"),
        )
        return self.annotate(author_stamp=authors, correction_stamp=corrections)

    def tagged_with(self, entity: Entity):
        return self.filter(entity_links__tag=entity)

    def by_author(self, author: Author):
        return self.filter(author_links__author=author)

    def last_modified(self):
        """The latest `Article.modified_at` among these pieces, in one query."""
        return self.aggregate(last=models.Max(Greatest("publish_at", "updated_at")))[
            "last"
        ]

    def tagged_with_all(self, entities: list[Entity]):
        """Pieces tagged with every one of `entities`: one indexed join per actor."""
        queryset = self
        for entity in entities:
            queryset = queryset.filter(entity_links__tag=entity)
        return queryset

    def per_month(self):
        """Rows of `month` (first day, UTC) and `count`, oldest first, one query."""
        return (
            self.order_by()
            .annotate(month=TruncMonth("publish_at"))
            .values("month")
            .annotate(count=models.Count("id"))
            .order_by("month")
        )

    def sections(self) -> list[str]:
        """The names of the sections in use, in the editors' order."""
        return list(
            Section.objects.filter(
                models.Exists(self.filter(section=models.OuterRef("pk")))
            ).values_list("name", flat=True)
        )

    def in_language(self, tag: str):
        """Pieces in `tag` or a variety of it: "de" is also de-AT and de-CH."""
        tag = language_normalize(tag)
        return self.filter(Q(language=tag) | Q(language__startswith=f"{tag}-"))

    def in_section(self, name: str):
        """Pieces of the section called `name`, in any case."""
        return self.filter(section__in=Section.objects.named(name))

    def section_counts(self):
        """The sections of these pieces, in the editors' order, each with its
        `count` of them; sections with none left out."""
        counts = (
            self.filter(section=models.OuterRef("pk"))
            .order_by()
            .values("section")
            .annotate(count=models.Count("id"))
            .values("count")
        )
        return Section.objects.annotate(count=models.Subquery(counts)).filter(
            count__gt=0
        )

    def search(self, terms: str, actors=None):
        """Pieces matching `terms`, best first, and those tagged with the
        `actors` they name (`articles.search_actors`); see `articles.search`."""
        return search_matching(self, terms, actors)


def _stamp(rows: models.QuerySet, group: str, *aggregates) -> Subquery:
    """One text of the count of `rows` and `aggregates` over them: it changes
    whenever a row is added, removed, or (by the aggregates) replaced or edited."""
    stamp = (
        rows.order_by()
        .values(group)
        .annotate(stamp=_Joined(models.Count("id"), *aggregates))
    )
    return Subquery(stamp.values("stamp"))


class _Joined(models.Func):
    """The texts of its (never NULL) values joined with ":". Not Concat, which
    spells out a COALESCE and a cast for each: the stamps are in the article
    page's statement, which psycopg parses only once while it is under 4 kB
    (articles.page_read)."""

    template = "(%(expressions)s)"
    arg_joiner = " || ':' || "
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CONCAT_WS(':', %(expressions)s)",
            arg_joiner=", ",
            **extra_context,
        )


# What an editor writes about a piece, as opposed to bookkeeping: compared
# between revisions and written by imports.
EDITORIAL_FIELDS = [
    "headline",
    "standfirst",
    "body",
    "byline",
    # The key, as revisions record it (django-reversion keeps attnames).
    "section_id",
    "status",
    "publish_at",
]


@reversion.register(
    exclude=["entities"],
    follow=["links_with_actors", "links_with_authors", "corrections"],
)
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
    byline = models.CharField(
        max_length=200,
        blank=True,
        help_text="Leave empty to credit the authors below; text here is shown "
        "instead, e.g. “Staff and agencies” for wire copy.",
    )
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    language = models.CharField(
        max_length=35,
        default=language_default,
        validators=[validate_language],
        help_text="The language the piece is written in, as a BCP 47 tag: "
        "en, de, ar, pt-BR.",
    )
    # Follows `language`; how PostgreSQL stems the piece for search.
    search_config = TextSearchConfigField(
        max_length=63, default="english", editable=False
    )
    image = image_field(related_name="articles", verbose_name="lead image")
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
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="last editor",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one on every save; a save from an older version is "
        "refused rather than overwriting the newer one.",
    )
    # A piece taken from a wire service (IPTC ninjs) keeps the wire's identifier
    # and the version it was taken at, so that a resent item updates it and an
    # older one changes nothing.
    uri = models.CharField(
        "wire identifier",
        max_length=500,
        blank=True,
        editable=False,
        help_text="The ninjs uri of a piece taken from the wire.",
    )
    wire_version = models.CharField(max_length=50, blank=True, editable=False)
    wire_version_created = models.DateTimeField(null=True, editable=False)
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
        constraints = [
            models.UniqueConstraint(
                fields=["uri"], condition=~Q(uri=""), name="article_uri_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_public_idx"),
        ]
        permissions = [
            ("publish_article", "Can publish, schedule and edit published articles"),
            ("withdraw_article", "Can withdraw published articles"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Article, self.headline, fallback="article", exclude_pk=self.pk
            )
        self.stamp_publication()
        self.stamp_language()
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            self._claim_next_version()
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    @property
    def ninjs_uri(self) -> str:
        """The wire's identifier, or for a piece written here a tag URI (RFC 4151)
        that never changes: the id its feed entries carry."""
        return self.uri or f"tag:{settings.FEED_GUID_AUTHORITY}:article:{self.pk}"

    def stamp_publication(self) -> None:
        """A published piece gets a publish time (now if none); the first one stays."""
        if self.status == Status.PUBLISHED:
            if self.publish_at is None:
                self.publish_at = timezone.now()
            if self.first_published_at is None:
                self.first_published_at = self.publish_at

    def stamp_language(self) -> None:
        self.search_config = text_search_config(self.language)

    def _claim_next_version(self) -> None:
        """Compare-and-set on `version`: only a save from the stored version goes on.

        The conditional UPDATE locks the row, so of two concurrent saves from the
        same version the second waits, then finds the version moved on and fails.
        """
        claimed = Article.objects.filter(pk=self.pk, version=self.version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise EditConflict.for_article(self)
        self.version += 1

    @property
    def is_public(self) -> bool:
        """`public_q` for this piece, as it is in memory."""
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        """Published, and public only once its time comes."""
        return self.status == Status.PUBLISHED and not self.is_public

    @property
    def modified_at(self):
        """When a reader's view of the piece last changed: its last edit, or its
        publication if that came later (a piece scheduled before it went out)."""
        return max(self.updated_at, self.publish_at or self.updated_at)

    @property
    def actors(self) -> list[Entity]:
        """The piece's actors A–Z; one query unless fetched `with_entities()`.

        Read through the link table because taggit's manager takes no ordered prefetch.
        """
        return [link.tag for link in self.entity_links.all()]

    @property
    def links_with_actors(self):
        """The actor links with their actors loaded: what a revision records.

        Each link's repr names its actor, so without the join recording a
        revision would cost a query per actor.
        """
        return self.entity_links.select_related("tag")

    @property
    def authors(self) -> list[Author]:
        """The piece's authors in byline order; one query unless fetched
        `with_authors()`."""
        links = self.author_links.all()
        if "author_links" not in getattr(self, "_prefetched_objects_cache", {}):
            links = links.select_related("author")
        return [link.author for link in links]

    @property
    def last_corrected_at(self) -> datetime | None:
        """When readers were last told of a change (uses prefetched corrections)."""
        return max((c.at for c in self.corrections.all()), default=None)

    @property
    def links_with_authors(self):
        """The author links with their authors loaded: what a revision records."""
        return self.author_links.select_related("author")

    @cached_property
    def body_html(self) -> str:
        return markdown_html(self.body)


@reversion.register()
class ArticleAuthor(models.Model):
    """An author credited on a piece, at a place in its byline."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="author_links"
    )
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="article_links"
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Authors are credited from the lowest number up."
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "author credit"
        verbose_name_plural = "author credits"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"],
                name="article_author_unique",
                violation_error_message="This author is already credited.",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "article"], name="author_article_idx")
        ]

    def __str__(self):
        return f"{self.article} — {self.author}"


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    UPDATE = "update", "Update"


@reversion.register()
class Correction(models.Model):
    """A change to a piece that readers are told about: shown on it, never silent.

    Only editors add, edit or delete one, and each of those is a save of the
    piece, so the revision history keeps every correction it ever had.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections"
    )
    at = models.DateTimeField("time", default=timezone.now)
    kind = models.CharField(
        max_length=20, choices=CorrectionKind, default=CorrectionKind.CORRECTION
    )
    text = models.TextField(help_text="Plain text, shown to readers as written.")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}, {datetime_text(self.at)}: {self.text}"

    @property
    def shown_first(self) -> bool:
        """Corrections and clarifications head the piece; updates follow it."""
        return self.kind != CorrectionKind.UPDATE


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


@reversion.register()
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


def visible_entities(entities: models.QuerySet | None = None) -> models.QuerySet:
    """The actors of `entities` a reader may see: those a public piece is tagged with.

    Every reader surface that takes an actor's slug looks it up in this, so an
    actor known only from drafts, pieces in review, withdrawn or scheduled ones
    answers like an unknown slug. An EXISTS, so it folds into the lookup query.
    """
    entities = Entity.objects.all() if entities is None else entities
    return entities.filter(
        models.Exists(
            ArticleEntity.objects.filter(
                public_q("content_object__"), tag=models.OuterRef("pk")
            )
        )
    )


# Django loads an app's models by importing its models module: related
# coverage and the fronts keep theirs in their own modules, and they are
# loaded (into this app) from here.
from .fronts import Pin  # noqa: E402, F401
from .related.models import ActorWeight, RelatedArticle  # noqa: E402, F401
