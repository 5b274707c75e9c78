from django.db import models
from django.db.models.functions import Lower

from newsroom.addresses import slug_url
from newsroom.slugs import unique_slug


class SectionQuerySet(models.QuerySet):
    def named(self, name: str):
        """The section called `name`, in any case (at most one: names are unique so)."""
        return self.filter(name__iexact=name.strip())


class Section(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="Made from the name if left empty.",
    )
    description = models.TextField(
        blank=True, help_text="A sentence for the section's page and feeds."
    )
    order = models.PositiveSmallIntegerField(
        default=0,
        help_text="Sections are listed from the lowest number up: "
        "the site's navigation, the article form.",
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="section_name_unique_ci",
                violation_error_message="A section of this name exists already "
                "(names are compared in any case).",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # One spelling of the spaces, so that names compare as people read them.
        self.name = " ".join(self.name.split())
        if not self.slug:
            self.slug = unique_slug(
                Section, self.name, fallback="section", exclude_pk=self.pk
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("sections:detail", self.slug)
