from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property

from images.models import image_field
from newsroom.addresses import slug_url
from newsroom.markdown import markdown_html
from newsroom.slugs import unique_slug
from newsroom.wikidata import wikidata_id_validator, wikidata_url

from .names import name_key, tidy_name


def profile_links_validator(value: str) -> None:
    check = URLValidator(schemes=["http", "https"])
    for line in value.splitlines():
        if line.strip():
            try:
                check(line.strip())
            except ValidationError:
                raise ValidationError(
                    "Give one full address (https://…) per line; "
                    f"“{line.strip()}” is not one.",
                    code="invalid",
                ) from None


class Author(models.Model):
    """Someone pieces are credited to: a reporter, a contributor, a guest."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        help_text="Made from the name if left empty.",
    )
    role = models.CharField(
        max_length=200, blank=True, help_text="e.g. Moscow correspondent."
    )
    bio = models.TextField(
        blank=True, help_text="Markdown: a few sentences for the author's page."
    )
    website = models.URLField(max_length=500, blank=True)
    links = models.TextField(
        "other profiles",
        blank=True,
        validators=[profile_links_validator],
        help_text="Social and other profiles of the author's own, one address "
        "per line.",
    )
    photo = image_field(
        related_name="authors",
        help_text="A portrait, shown on the author's page.",
    )
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[wikidata_id_validator],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        verbose_name="staff account",
        help_text="The author's own sign-in, so that their pieces are theirs.",
    )
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="author_unique_wikidata_id",
                violation_error_message="Another author has this Wikidata id.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = tidy_name(self.name)
        self.name_key = name_key(self.name)
        if not self.slug:
            self.slug = unique_slug(
                Author, self.name, fallback="author", exclude_pk=self.pk
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("authors:detail", self.slug)

    @cached_property
    def bio_html(self) -> str:
        return markdown_html(self.bio)

    @property
    def profile_urls(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @property
    def web_addresses(self) -> list[str]:
        """The website and profiles that are web pages: the forms let no other
        address in, and a link readers follow must not be a script."""
        return [
            url
            for url in [self.website, *self.profile_urls]
            if urlsplit(url).scheme in ("http", "https")
        ]

    @property
    def wikidata_url(self) -> str:
        return wikidata_url(self.wikidata_id)

    @property
    def same_as(self) -> list[str]:
        """Every address that is about this author too: site, profiles, Wikidata."""
        return [*self.web_addresses, *filter(None, [self.wikidata_url])]

    @property
    def own_links(self) -> list[tuple[str, str]]:
        """(label, address) of the author's own pages, named by their site."""
        return [(_site_name(url), url) for url in self.web_addresses]


def _site_name(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")
