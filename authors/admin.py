from django.contrib import admin
from django.db import models

from newsroom.admin_site import GuardedAutocompleteMixin
from newsroom.page_cache import PagesChangedOnDeleteMixin, pages_changed

from .models import Author


@admin.register(Author)
class AuthorAdmin(
    GuardedAutocompleteMixin, PagesChangedOnDeleteMixin, admin.ModelAdmin
):
    list_display = ["name", "role", "slug", "user", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "role", "user__username", "user__last_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user", "photo"]
    readonly_fields = ["created_at", "updated_at"]
    # An address typed without its scheme is taken as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "bio", "photo"]}),
        ("Links", {"fields": ["website", "links", "wikidata_id"]}),
        (None, {"fields": ["user", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Names, roles and bios show in bylines and on the authors' pages.
        pages_changed()
