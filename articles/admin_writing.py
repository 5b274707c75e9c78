"""What helps while writing a piece in the admin: the Markdown editor with its
preview, live actor suggestions, and the one field choosing every actor.

The page's script (static/js/article_form.js) asks two staff-only endpoints,
both POST and CSRF-protected like any admin form: the preview, rendered by
the site's own renderer and sanitizer, and the actors the site's matcher
finds in the text as typed, before anything is saved.
"""

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from entities.models import Entity
from newsroom.admin_site import (
    AutocompleteSelectMultiple,
    StorableChoicesField,
    storable,
)
from newsroom.markdown import render_markdown

from .autotagging import text_suggestions
from .models import Article, ArticleEntity


class MarkdownEditor(forms.Textarea):
    """The body: a textarea with its rendered preview beside it, its word
    count and reading time, and the actors its text names below."""

    # In the app's templates/, where Django's form renderer looks (it does not
    # read the project's template directories).
    template_name = "articles/widgets/markdown_editor.html"

    def __init__(self, attrs=None):
        super().__init__({"rows": 24, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["preview"] = render_markdown(value or "")
        context["preview_url"] = reverse("admin:articles_article_preview")
        context["suggest_url"] = reverse("admin:articles_article_suggest")
        return context


class ActorsField(StorableChoicesField):
    """Every actor of a piece in one field; a value no key can be is refused as
    an invalid choice rather than reaching the database."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Entity.objects.all(),
            required=False,
            label="Actors",
            help_text="The people, organisations, countries and places the piece "
            "is about. Type to find one; the suggestions above add those the "
            "text names.",
            **kwargs,
        )

    def label_from_instance(self, entity):
        return entity.name_with_kind


def actors_widget(*, field: ActorsField, admin_site, can_add: bool) -> forms.Widget:
    """The actors' autocomplete (labelled with each one's kind, see
    EntityAdmin.autocomplete_label), with "+" to create one for those who may."""
    tag = ArticleEntity._meta.get_field("tag")
    autocomplete = AutocompleteSelectMultiple(tag, admin_site)
    autocomplete.choices = field.choices
    return RelatedFieldWidgetWrapper(
        autocomplete,
        tag.remote_field,
        admin_site,
        can_add_related=can_add,
        can_change_related=False,
        can_delete_related=False,
        can_view_related=False,
    )


class WritingAidsMixin:
    """For ArticleAdmin: the preview and suggestion endpoints of its form."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("preview/", view(self.preview_view), name="articles_article_preview"),
            path("suggest/", view(self.suggest_view), name="articles_article_suggest"),
            *super().get_urls(),
        ]

    def _check_writer(self, request) -> None:
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied

    @method_decorator(require_POST)
    def preview_view(self, request):
        self._check_writer(request)
        html = render_markdown(request.POST.get("body", ""))
        return HttpResponse(html, content_type="text/html; charset=utf-8")

    @method_decorator(require_POST)
    def suggest_view(self, request):
        self._check_writer(request)
        text = Article(
            headline=request.POST.get("headline", ""),
            standfirst=request.POST.get("standfirst", ""),
            body=request.POST.get("body", ""),
        )
        chosen = storable(Entity._meta.pk, request.POST.getlist("actors"))
        found = text_suggestions(article=text, tagged_ids=map(int, chosen))
        return TemplateResponse(
            request,
            "admin/articles/article/actor_suggestions.html",
            {"suggestions": found.suggestions},
        )
