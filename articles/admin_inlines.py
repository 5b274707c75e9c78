"""The parts of a piece edited on its admin page: actors, authors, corrections."""

from django import forms
from django.contrib import admin
from django.db import models

from newsroom.admin_site import GuardedAutocompleteMixin

from . import workflow
from .models import Article, ArticleAuthor, Correction


def editable(request, article: Article | None) -> bool:
    return article is None or workflow.may_edit(user=request.user, article=article)


class ArticlePartInline(GuardedAutocompleteMixin, admin.TabularInline):
    """Rows of a piece, read-only to whoever may not edit the piece itself."""

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and editable(request, obj)


class ArticleAuthorInline(ArticlePartInline):
    model = ArticleAuthor
    autocomplete_fields = ["author"]
    fields = ["author", "order"]
    # A table cell's input has no <label>: its column heading, as its name.
    formfield_overrides = {
        models.PositiveSmallIntegerField: {
            "widget": forms.NumberInput(attrs={"aria-label": "Order"})
        }
    }
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "authors"


class CorrectionInline(ArticlePartInline):
    """Corrections, clarifications and updates: only editors add, edit or delete
    them (their model permissions), and each change is a save of the piece, so
    its revision keeps what the correction said before."""

    model = Correction
    fields = ["at", "kind", "text"]
    extra = 0
    verbose_name = "correction, clarification or update"
    verbose_name_plural = "corrections, clarifications and updates (shown to readers)"
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }
