from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from newsroom.admin_site import AutocompleteSelect
from newsroom.page_cache import PagesChangedOnDeleteMixin, pages_changed

from .merging import MergeError, entity_merge, entity_merge_plan
from .models import Entity, EntityAlias, EntityRedirect, MergeRecord
from .normalization import name_key


class AliasForm(forms.ModelForm):
    shared = forms.BooleanField(
        required=False,
        label="Shared with another kind",
        help_text="An actor of another kind has this name too, as Georgia the "
        "country and the person: imports then need the kind to tell them apart.",
    )

    class Meta:
        model = EntityAlias
        fields = ["name"]


class AliasFormSet(BaseInlineFormSet):
    """Aliases unique to their actor within its kind, and shared across kinds
    only when the editor says so: a name two actors answer to makes imports
    that give no kind refuse it as ambiguous."""

    def clean(self):
        super().clean()
        rows = {}
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = name_key(form.cleaned_data.get("name", ""))
            if key in rows:
                raise ValidationError("The same alias is given twice.")
            rows[key] = form
        for key, others in _other_actors_named(
            list(rows), besides=self.instance
        ).items():
            form = rows[key]
            alias = form.cleaned_data["name"]
            same_kind = [e for e in others if e.kind == self.instance.kind]
            if same_kind:
                form.add_error(
                    "name", f"“{alias}” is already {_known_as(same_kind[0], key)}."
                )
            elif _is_new(form) and not form.cleaned_data.get("shared"):
                form.add_error(
                    "shared",
                    f"“{alias}” is also {_known_as(others[0], key)}: tick "
                    "“Shared with another kind” to give it to both.",
                )


def _other_actors_named(keys: list[str], *, besides: Entity) -> dict[str, list[Entity]]:
    """The actors other than `besides` whose name or an alias is each key."""
    found = {}
    names = Entity.objects.filter(name_key__in=keys).exclude(pk=besides.pk)
    for entity in names:
        found.setdefault(entity.name_key, {})[entity.pk] = entity
    aliases = EntityAlias.objects.filter(name_key__in=keys).exclude(entity=besides.pk)
    for alias in aliases.select_related("entity"):
        found.setdefault(alias.name_key, {})[alias.entity_id] = alias.entity
    return {key: list(entities.values()) for key, entities in found.items()}


def _known_as(entity: Entity, key: str) -> str:
    kind = entity.get_kind_display().lower()
    if entity.name_key == key:
        return f"the name of “{entity.name}” ({kind})"
    return f"an alias of “{entity.name}” ({kind})"


def _is_new(form) -> bool:
    return form.instance.pk is None or "name" in form.changed_data


# Readers see an actor's description, portrait, aliases and Wikidata id on its
# page, its feeds and the API: only those allowed to publish may set them.
EDIT_TEXT = "entities.edit_entity_text"
TEXT_FIELDS = ["description", "image", "wikidata_id"]


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    form = AliasForm
    formset = AliasFormSet
    extra = 1

    def get_fields(self, request, obj=None):
        # Saying a name is shared is part of writing it.
        if request.user.has_perm(EDIT_TEXT):
            return super().get_fields(request, obj)
        return ["name"]

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and request.user.has_perm(
            EDIT_TEXT
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and request.user.has_perm(
            EDIT_TEXT
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and request.user.has_perm(
            EDIT_TEXT
        )


class ToConfirmFilter(admin.SimpleListFilter):
    title = "confirmation"
    parameter_name = "confirm"

    def lookups(self, request, model_admin):
        return [("to-confirm", "Actors to confirm")]

    def queryset(self, request, queryset):
        if self.value() == "to-confirm":
            return queryset.to_confirm()
        return queryset


def actors_to_confirm_url() -> str:
    """The admin's list of actors that imports made and an editor has yet to
    confirm or merge, for the desk to link to."""
    changelist = reverse("admin:entities_entity_changelist")
    return f"{changelist}?{ToConfirmFilter.parameter_name}=to-confirm"


@admin.register(Entity)
class EntityAdmin(PagesChangedOnDeleteMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "slug",
        "wikidata_id",
        "unconfirmed",
        "likely_same_as",
        "updated_at",
    ]
    list_filter = [ToConfirmFilter, "kind"]
    list_select_related = ["likely_same_as"]
    search_fields = ["name", "slug", "aliases__name", "wikidata_id"]
    readonly_fields = ["likely_same_as", "created_at", "updated_at"]
    fields = [
        "name",
        "slug",
        "kind",
        "unconfirmed",
        "likely_same_as",
        "description",
        "image",
        "wikidata_id",
        "created_at",
        "updated_at",
    ]
    inlines = [EntityAliasInline]
    autocomplete_fields = ["image"]

    actions = ["confirm", "merge_into_another"]

    # Without EDIT_TEXT, adding an actor (the article form's "add another" popup
    # too) asks for its name and kind alone, and its text stays read-only: the
    # form has no field for it, so no POST can set it.
    def get_fields(self, request, obj=None):
        if obj is None and not request.user.has_perm(EDIT_TEXT):
            return ["name", "kind"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.has_perm(EDIT_TEXT):
            return readonly
        return [*readonly, *TEXT_FIELDS]

    def get_inlines(self, request, obj):
        if obj is None and not request.user.has_perm(EDIT_TEXT):
            return []
        return super().get_inlines(request, obj)

    def save_model(self, request, obj, form, change):
        if not obj.unconfirmed:
            obj.likely_same_as = None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Names, descriptions and aliases show on article and actor pages.
        pages_changed()

    def get_urls(self):
        return [
            path(
                "<int:pk>/merge/",
                self.admin_site.admin_view(self.merge_view),
                name="entities_entity_merge",
            ),
            *super().get_urls(),
        ]

    def has_merge_permission(self, request):
        return request.user.has_perm("entities.merge_entity")

    @admin.action(
        description="Confirm the selected actors as actors of their own",
        permissions=["change"],
    )
    def confirm(self, request, queryset):
        confirmed = queryset.to_confirm().update(unconfirmed=False, likely_same_as=None)
        self.message_user(request, f"{confirmed} actors confirmed.", messages.SUCCESS)

    @admin.action(
        description="Merge the selected actor into another…", permissions=["merge"]
    )
    def merge_into_another(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, "Select exactly one actor to merge.", messages.ERROR
            )
            return None
        return redirect("admin:entities_entity_merge", pk=queryset.get().pk)

    def merge_view(self, request, pk):
        """Choose the target, see what will happen, confirm: then merge."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        source = get_object_or_404(Entity, pk=pk)
        form = MergeForm(
            request.POST or None,
            source=source,
            admin_site=self.admin_site,
            # An import's guess of the actor it is, for the editor to accept.
            initial={"target": source.likely_same_as_id},
        )
        plan = None
        if request.method == "POST" and form.is_valid():
            target = form.cleaned_data["target"]
            try:
                if "confirm" in request.POST:
                    record = entity_merge(source=source, target=target, by=request.user)
                    self.message_user(
                        request,
                        f"{record.source_name} was merged into {record.target_name}: "
                        f"{record.links_moved} taggings moved, "
                        f"{record.duplicate_links_dropped} duplicates dropped.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:entities_entity_change", target.pk)
                plan = entity_merge_plan(source=source, target=target)
            except MergeError as error:
                form.add_error("target", str(error))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Merge {source.name} into another actor",
            "source": source,
            "form": form,
            "plan": plan,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/entities/entity/merge.html", context)


class MergeForm(forms.Form):
    def __init__(self, *args, source, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = forms.ModelChoiceField(
            queryset=Entity.objects.exclude(pk=source.pk),
            label="Merge into",
            widget=AutocompleteSelect(
                MergeRecord._meta.get_field("target"), admin_site
            ),
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MergeRecord)
class MergeRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "source_name",
        "target_name",
        "merged_by",
        "merged_at",
        "links_moved",
        "duplicate_links_dropped",
    ]
    list_select_related = ["merged_by"]
    search_fields = ["source_name", "source_slug", "target_name"]
    date_hierarchy = "merged_at"


@admin.register(EntityRedirect)
class EntityRedirectAdmin(ReadOnlyAdmin):
    list_display = ["old_slug", "target", "created_at"]
    list_select_related = ["target"]
    search_fields = ["old_slug", "target__name"]
