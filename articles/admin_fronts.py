"""The fronts in the admin: pins on the article form and a list to order them.

A pin changes what readers see on the home page or a section's, so every
save and delete of one refreshes the stored pages.
"""

from django.contrib import admin

from newsroom.page_cache import PagesChangedOnDeleteMixin, pages_changed

from .fronts import Pin


class FrontChoiceMixin:
    """The front is a section's, or, left empty, the home page: say so."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["empty_label"] = "Home page"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PinInline(FrontChoiceMixin, admin.TabularInline):
    """On the article form: the fronts the piece is pinned to. Saving the
    piece refreshes the pages (ArticleAdmin.save_related)."""

    model = Pin
    extra = 0
    fields = ["section", "ordering", "expires_at"]
    verbose_name = "pin to a front"
    verbose_name_plural = "pinned to fronts"


@admin.register(Pin)
class PinAdmin(FrontChoiceMixin, PagesChangedOnDeleteMixin, admin.ModelAdmin):
    """Every front's pins, ordered by number in the list itself."""

    list_display = ["article", "front", "ordering", "expires_at", "showing"]
    list_editable = ["ordering", "expires_at"]
    list_filter = [("section", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article", "section"]
    autocomplete_fields = ["article"]
    fields = ["article", "section", "ordering", "expires_at"]

    @admin.display(description="front", ordering="section__order")
    def front(self, pin):
        return pin.front_name

    @admin.display(description="shown to readers", boolean=True)
    def showing(self, pin):
        return pin.is_showing

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        pages_changed()
