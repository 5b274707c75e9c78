from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from taggit.models import TagBase

from images.models import image_field
from newsroom.addresses import slug_url
from newsroom.slugs import unique_slug
from newsroom.wikidata import wikidata_id_validator, wikidata_url

from .normalization import match_key, name_key


class Kind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    COUNTRY = "country", "Country"
    PLACE = "place", "Place"
    OTHER = "other", "Other"


KIND_PLURALS = {
    Kind.PERSON: "People",
    Kind.ORGANISATION: "Organisations",
    Kind.COUNTRY: "Countries",
    Kind.PLACE: "Places",
    Kind.OTHER: "Other actors",
}


class EntityQuerySet(models.QuerySet):
    def named(self, name: str):
        """Actors whose name or an alias is `name`, in any case or accent."""
        key = name_key(name)
        return self.filter(Q(name_key=key) | Q(aliases__name_key=key)).distinct()

    def to_confirm(self):
        """Actors an import created that an editor has yet to confirm or merge:
        names it could not place (kind "other") or likely another's spelling."""
        return self.filter(unconfirmed=True)

    def with_aliases(self):
        """Each actor's aliases fetched with it, A–Z, as its reader pages list them."""
        return self.prefetch_related(
            models.Prefetch("aliases", queryset=EntityAlias.objects.order_by("name"))
        )

    def in_kind_order(self):
        """People, then organisations, countries, places and the rest; A–Z within."""
        order = models.Case(
            *(
                models.When(kind=kind, then=position)
                for position, kind in enumerate(Kind)
            ),
            output_field=models.IntegerField(),
        )
        return self.order_by(order, "name_key", "id")


class Entity(TagBase):
    # A name is unique within its kind only: Georgia the country and the person.
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    description = models.TextField(blank=True)
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[wikidata_id_validator],
        help_text="e.g. Q41053 for Hezbollah.",
    )
    image = image_field(
        related_name="actors",
        help_text="A portrait or logo, shown on the actor's page.",
    )
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    match_key = models.CharField(max_length=400, editable=False, db_index=True)
    unconfirmed = models.BooleanField(
        "to confirm",
        default=False,
        help_text="Created by an import from a name alone: confirm it (untick) "
        "or merge it into the actor it is.",
    )
    likely_same_as = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="did you mean",
        help_text="The existing actor whose name this one's is likely a spelling of.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntityQuerySet.as_manager()
    natural_key_fields = ["slug"]

    class Meta:
        verbose_name = "actor"
        verbose_name_plural = "actors"
        ordering = ["name", "id"]
        permissions = [
            ("merge_entity", "Can merge an actor into another"),
            ("edit_entity_text", "Can write actors' reader-visible text"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name_key"],
                name="entity_unique_name_per_kind",
                violation_error_message="An actor of this kind with this name exists.",
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="entity_unique_wikidata_id",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.name_key = name_key(self.name)
        self.match_key = match_key(self.name)
        if not self.slug:
            # A merged actor's old slug stays reserved: it redirects forever.
            self.slug = unique_slug(
                Entity,
                self.name,
                fallback="actor",
                reserved_by=(EntityRedirect, "old_slug"),
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("entities:detail", self.slug)

    def clean(self):
        moved = EntityRedirect.objects.filter(old_slug=self.slug).first()
        if self.slug and moved and moved.target_id != self.pk:
            raise ValidationError(
                {"slug": f"This address redirects to “{moved.target}” since a merge."}
            )
        # Checked here because name_key is not a form field, so the model
        # constraint alone would surface as a database error in the admin. An
        # alias of the same kind is refused too: imports could not tell the two
        # apart, and the actor wanted is most likely that one.
        clash = Entity.objects.named(self.name).filter(kind=self.kind)
        if clash := clash.exclude(pk=self.pk).first():
            kind = self.get_kind_display().lower()
            if clash.name_key == name_key(self.name):
                message = f"“{clash.name}” already exists as {kind}."
            else:
                message = f"“{self.name}” is an alias of “{clash.name}” ({kind})."
            raise ValidationError({"name": message})
        if self.image_id and self.image.alt_problem:
            raise ValidationError({"image": self.image.alt_problem})
        if self.wikidata_id:
            owner = (
                Entity.objects.filter(wikidata_id=self.wikidata_id)
                .exclude(pk=self.pk)
                .first()
            )
            if owner:
                message = f"{self.wikidata_id} already belongs to “{owner.name}”."
                raise ValidationError({"wikidata_id": message})

    @property
    def wikidata_url(self) -> str:
        return wikidata_url(self.wikidata_id)


class EntityAlias(models.Model):
    """Another name of an actor: "Hizbollah" for Hezbollah, "Bibi" for Netanyahu."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    match_key = models.CharField(max_length=400, editable=False, db_index=True)
    # Part of the vocabulary stamp that tells the matcher to rebuild.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "alias"
        verbose_name_plural = "aliases"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "name_key"], name="alias_unique_per_entity"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.name_key = name_key(self.name)
        self.match_key = match_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        key = name_key(self.name)
        if not key:
            raise ValidationError({"name": "An alias cannot be empty."})
        if self.entity_id and key == name_key(self.entity.name):
            raise ValidationError({"name": "This is already the actor's name."})


class EntityRedirect(models.Model):
    """A merged-away actor's slug: it answers 301 to the actor it became, forever."""

    old_slug = models.SlugField(max_length=200, unique=True)
    target = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="redirects_in"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "merged actor's address"
        verbose_name_plural = "merged actors' addresses"
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.target.slug}"


class MergeRecord(models.Model):
    """Who merged which actor into which, when, and what moved."""

    source_name = models.CharField(max_length=200)
    source_slug = models.SlugField(max_length=200)
    source_kind = models.CharField(max_length=20, choices=Kind)
    target = models.ForeignKey(
        Entity, null=True, on_delete=models.SET_NULL, related_name="merges_in"
    )
    target_name = models.CharField(max_length=200)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    links_moved = models.PositiveIntegerField(default=0)
    duplicate_links_dropped = models.PositiveIntegerField(default=0)
    aliases_added = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self):
        return f"{self.source_name} → {self.target_name}"
