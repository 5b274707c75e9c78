"""Editors build topics here: the rule's actors by autocomplete, a live
preview of what it gathers (admin_preview), pins and exclusions, revisions.
Reporters draft topics; only those who may publish them (editors) publish,
unpublish or touch a published one."""

import reversion
from django import forms
from django.contrib import admin, messages
from reversion.admin import VersionAdmin

from articles.admin_writing import ActorsField, actors_widget
from articles.models import Status
from newsroom.admin_site import AutocompleteSelectMultiple, GuardedAutocompleteMixin
from newsroom.page_cache import PagesChangedOnDeleteMixin

from .admin_preview import TopicPreviewMixin, rule_problems
from .models import Topic, TopicPin
from .ranking import topic_changed
from .services import topic_rule_set

PUBLISH = "topics.publish_topic"

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

    def clean_status(self):
        status = self.cleaned_data["status"]
        stored = self.instance.status if self.instance.pk else Status.DRAFT
        if status != stored and not self.editor.has_perm(PUBLISH):
            raise forms.ValidationError(
                "Only editors publish a topic: save it as a draft and ask one."
            )
        return status

    def clean(self):
        cleaned = super().clean()
        for field, problem in rule_problems(cleaned).items():
            self.add_error(field, problem)
        return cleaned


def may_edit(request, topic: Topic | None) -> bool:
    """A published topic is the editors' (it is what readers see)."""
    return topic is None or not topic.is_public or request.user.has_perm(PUBLISH)


class TopicPinInline(GuardedAutocompleteMixin, admin.TabularInline):
    model = TopicPin
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["article", "order"]

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit(request, obj)


@admin.register(Topic)
class TopicAdmin(
    PagesChangedOnDeleteMixin,
    GuardedAutocompleteMixin,
    TopicPreviewMixin,
    VersionAdmin,
):
    form = TopicAdminForm
    list_display = ["title", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "actor_links__tag__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["image", "excluded"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [TopicPinInline]
    actions = ["publish", "unpublish"]
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
        # Recorded again, now with its actors: the topic's save recorded it
        # with those it had before.
        reversion.add_to_revision(form.instance)
        topic_changed(topic=form.instance)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH)

    @admin.action(description="Publish the chosen topics", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Status.PUBLISHED, "Published {}.")

    @admin.action(description="Back to draft", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Status.DRAFT, "Put {} back to draft.")

    def _set_status(self, request, queryset, status: Status, done: str) -> None:
        moved = list(queryset.exclude(status=status))
        for topic in moved:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(done.format("it"))
                topic.status = status
                topic.save(update_fields=["status", "updated_at"])
            topic_changed(topic=topic)
        topics = "1 topic" if len(moved) == 1 else f"{len(moved)} topics"
        self.message_user(request, done.format(topics), messages.SUCCESS)
