from django.contrib import admin

from newsroom.page_cache import PagesChangedOnDeleteMixin, pages_changed

from .models import Section


@admin.register(Section)
class SectionAdmin(PagesChangedOnDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "order", "slug"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "order", "description"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The site's navigation and the section's page show its name and place.
        pages_changed()
