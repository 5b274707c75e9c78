"""The article change page's auto-tag suggestions, each added with one click."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path

from entities.models import Entity
from newsroom.admin_site import storable

from . import workflow
from .autotagging import suggest
from .forms import OpenedVersionForm
from .models import EditConflict


class AutotagSuggestionsMixin:
    """For ArticleAdmin: suggestions on the change page and the view that adds them."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/autotag/",
                self.admin_site.admin_view(self.autotag_add_view),
                name="articles_article_autotag",
            ),
            *super().get_urls(),
        ]

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and obj.pk and self.has_change_permission(request, obj):
            context["autotag"] = next(suggest([obj]))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def autotag_add_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        change_url = redirect(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", article.pk
        )
        if not OpenedVersionForm.opened(request, article):
            return HttpResponseBadRequest("The version you opened is missing.")
        ids = set(request.POST.getlist("entity"))
        entities = list(
            Entity.objects.filter(pk__in=storable(Entity._meta.pk, ids)).order_by(
                "name"
            )
        )
        if not ids or len(entities) != len(ids):
            self.message_user(request, "Choose an existing actor.", messages.ERROR)
            return change_url
        try:
            added = workflow.article_tag(
                article=article, entities=entities, by=request.user
            )
        except (workflow.WorkflowError, EditConflict) as error:
            self.message_user(request, str(error), messages.ERROR)
            return change_url
        if added:
            names = ", ".join(entity.name for entity in added)
            self.message_user(request, f"Tagged with {names}.", messages.SUCCESS)
        return change_url
