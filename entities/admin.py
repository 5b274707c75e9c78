from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .models import Entity, EntityAlias
from .normalization import name_key


class AliasFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = name_key(form.cleaned_data.get("name", ""))
            if key in seen:
                raise ValidationError("The same alias is given twice.")
            seen.add(key)


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    formset = AliasFormSet
    extra = 1


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "wikidata_id", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__name", "wikidata_id"]
    readonly_fields = ["created_at", "updated_at"]
    fields = [
        "name",
        "slug",
        "kind",
        "description",
        "wikidata_id",
        "created_at",
        "updated_at",
    ]
    inlines = [EntityAliasInline]
