from django.contrib import admin
from django.db.models import Count

from .models import Article, ArticleEntity
from .related import related_refresh


class ArticleEntityInline(admin.TabularInline):
    model = ArticleEntity
    autocomplete_fields = ["tag"]
    extra = 1
    verbose_name = "actor"
    verbose_name_plural = "actors"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "status",
        "publish_at",
        "section",
        "actor_count",
        "updated_at",
    ]
    list_filter = ["status", "section", "publish_at"]
    search_fields = ["headline", "slug", "entity_links__tag__name"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["first_published_at", "created_at", "updated_at"]
    inlines = [ArticleEntityInline]
    fieldsets = [
        (
            None,
            {"fields": ["headline", "slug", "standfirst", "body", "byline", "section"]},
        ),
        (
            "Publication",
            {"fields": ["status", "publish_at", "exclude_from_related"]},
        ),
        ("History", {"fields": ["first_published_at", "created_at", "updated_at"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        related_refresh(article_ids=[form.instance.pk])

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(actor_count=Count("entity_links"))

    @admin.display(description="actors", ordering="actor_count")
    def actor_count(self, article):
        return article.actor_count
