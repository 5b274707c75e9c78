from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q

from .inspection import MEDIA_TYPES
from .renditions import FORMATS, RATIOS

_UNIT = [MinValueValidator(0.0), MaxValueValidator(1.0)]
MISSING_ALT = (
    "This image has no alt text: describe what it shows, or tick “decorative” "
    "if it adds nothing a reader would miss."
)


class ImageQuerySet(models.QuerySet):
    def used(self):
        """Images something shows: a piece, an actor, whatever points here."""
        return self.filter(_used_q())

    def unused(self):
        return self.exclude(_used_q())

    def with_use(self):
        """Annotate `in_use`: whether anything shows the image."""
        return self.annotate(
            in_use=models.ExpressionWrapper(
                _used_q(), output_field=models.BooleanField()
            )
        )

    def attach_to(self, users) -> None:
        """Load the images of `users` (objects with an `image` foreign key,
        read without it) in one query for all of them."""
        users = list(users)
        found = self.in_bulk({user.image_id for user in users if user.image_id})
        for user in users:
            if user.image_id:
                user.image = found[user.image_id]


def _used_q() -> Q:
    # Read from the relations pointing here, so that the library knows no app
    # that uses it (the layers: docs/architecture.md, "Layout and layers").
    used = Q(pk__in=[])
    for relation in Image._meta.related_objects:
        users = relation.related_model._base_manager.filter(
            **{relation.field.name: OuterRef("pk")}
        )
        used |= Q(Exists(users))
    return used


class Image(models.Model):
    """An original picture with what readers are told about it, and its renditions."""

    # Random, so that an original's address cannot be guessed: originals keep
    # their camera and location metadata and are never shown to readers.
    key = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField("original", max_length=200, editable=False)
    sha256 = models.CharField(max_length=64, editable=False, db_index=True)
    format = models.CharField(max_length=10, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    alt = models.CharField(
        "alt text",
        max_length=500,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it. "
        "Needed to publish a piece with it.",
    )
    decorative = models.BooleanField(
        default=False,
        help_text="Adds nothing a reader would miss: shown with an empty alt text.",
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(
        max_length=200, blank=True, help_text="Photographer / agency."
    )
    focal_x = models.FloatField(
        "focal point x",
        default=0.5,
        validators=_UNIT,
        help_text="0 is the left edge, 1 the right.",
    )
    focal_y = models.FloatField(
        "focal point y",
        default=0.5,
        validators=_UNIT,
        help_text="0 is the top edge, 1 the bottom.",
    )
    # [{name, purpose, format, width, height, ratio, bytes}]: images.renditions.
    renditions = models.JSONField(default=list, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        text = self.caption or self.alt or f"Image {self.key[:8]}"
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def alt_problem(self) -> str:
        """Why a reader-facing use of this image is refused; empty if it is not."""
        return "" if self.alt.strip() or self.decorative else MISSING_ALT

    @property
    def alt_text(self) -> str:
        return "" if self.decorative else self.alt

    @property
    def stamp(self) -> str:
        """Changes whenever what readers are shown of the image does."""
        return f"{self.pk}@{self.updated_at.timestamp()}"

    def renditions_for(self, purpose: str, format: str | None = None):
        """Renditions made for `purpose` (renditions.Spec), narrowest first."""
        return [
            Rendition(**entry)
            for entry in self.renditions
            if entry["purpose"] == purpose and format in (None, entry["format"])
        ]

    def sources(self, purpose: str) -> list[tuple[str, list["Rendition"]]]:
        """(format, its renditions) for a <picture>, best format first."""
        return [
            (f, found) for f in FORMATS if (found := self.renditions_for(purpose, f))
        ]

    @property
    def sharing(self) -> list["Rendition"]:
        """The large crops search engines and sharing sites take: 16:9, 4:3, 1:1."""
        crops = {r.ratio: r for r in self.renditions_for("share")}
        return [crops[ratio] for ratio in RATIOS if ratio in crops]


def image_field(**options) -> models.ForeignKey:
    """An optional image of a model that shows one. An image in use is not
    deleted (docs/editors.md, Images): a piece or a portrait, public or not, would lose
    its picture without anyone choosing it."""
    return models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.PROTECT, **options
    )


class Rendition:
    """One stored rendition; its address comes from the storage."""

    __slots__ = ("name", "purpose", "format", "width", "height", "ratio", "bytes")

    def __init__(self, *, name, purpose, format, width, height, ratio, bytes):
        self.name = name
        self.purpose = purpose
        self.format = format
        self.width = width
        self.height = height
        self.ratio = ratio
        self.bytes = bytes

    @property
    def url(self) -> str:
        return default_storage.url(self.name)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]
