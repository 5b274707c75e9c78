from django import forms
from django.contrib import admin
from reversion.admin import VersionAdmin

from articles.admin_writing import ActorsField, actors_widget
from newsroom.admin_site import GuardedAutocompleteMixin
from newsroom.page_cache import PagesChangedOnDeleteMixin

from .models import Topic, TopicPin, min_shared_problem
from .ranking import topic_changed
from .services import topic_rule_set

RULE_PARTS = {
    "all_of": ("Every one of", "A piece must be tagged with each of these actors."),
    "any_of": (
        "At least N of",
        "A piece must be tagged with at least “at least” of these actors.",
    ),
    "none_of": ("None of", "A piece tagged with any of these actors is left out."),
}


class TopicAdminForm(forms.ModelForm):
    all_of = ActorsField()
    any_of = ActorsField()
    none_of = ActorsField()
    admin_site = None  # bound by TopicAdmin.get_form, for the actors' widgets
    editor = None

    class Meta:
        model = Topic
        fields = [
            "title",
            "slug",
            "status",
            "intro",
            "image",
            "min_shared",
            "since",
            "until",
            "excluded",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, help_text) in RULE_PARTS.items():
            field = self.fields[name]
            field.label, field.help_text = label, help_text
            field.widget = actors_widget(
                field=field,
                admin_site=self.admin_site,
                can_add=self.editor.has_perm("entities.add_entity"),
            )
            if self.instance.pk:
                field.initial = list(
                    self.instance.actor_links.filter(part=name).values_list(
                        "tag_id", flat=True
                    )
                )

    def clean(self):
        cleaned = super().clean()
        parts = [set(cleaned.get(name) or []) for name in RULE_PARTS]
        if (parts[0] & parts[1]) | (parts[0] & parts[2]) | (parts[1] & parts[2]):
            raise forms.ValidationError("An actor can be in one part of the rule only.")
        if not parts[0] and not parts[1]:
            self.add_error("all_of", "Name at least one actor the pieces are about.")
        problem = min_shared_problem(
            min_shared=cleaned.get("min_shared") or 0, any_of_count=len(parts[1])
        )
        if problem:
            self.add_error("min_shared", problem)
        return cleaned


class TopicPinInline(admin.TabularInline):
    model = TopicPin
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["article", "order"]


@admin.register(Topic)
class TopicAdmin(PagesChangedOnDeleteMixin, GuardedAutocompleteMixin, VersionAdmin):
    form = TopicAdminForm
    list_display = ["title", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "actor_links__tag__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["image", "excluded"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [TopicPinInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "intro", "image"]}),
        (
            "Rule",
            {"fields": ["all_of", "any_of", "min_shared", "none_of", "since", "until"]},
        ),
        ("Pieces", {"fields": ["excluded", "created_at", "updated_at"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.admin_site, form.editor = self.admin_site, request.user
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        topic_rule_set(
            topic=form.instance,
            **{name: list(form.cleaned_data[name]) for name in RULE_PARTS},
        )
        topic_changed(topic=form.instance)
