from django.contrib import admin
from django.db.models import Count

from newsroom.page_cache import PagesChangedOnDeleteMixin, pages_changed

from .models import Section


@admin.register(Section)
class SectionAdmin(PagesChangedOnDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "order", "piece_count", "slug"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "order", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(piece_count=Count("articles"))

    @admin.display(description="pieces", ordering="piece_count")
    def piece_count(self, section):
        return section.piece_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The site's navigation and the section's page show its name and place.
        pages_changed()
