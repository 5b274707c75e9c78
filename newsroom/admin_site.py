"""The admin site: Django's, where a malformed request is the sender's mistake.

Django's admin passes what a list's parameters, an autocomplete's term, a
form's chosen actor or an action's ticked rows hold on to the database as they
are, and a value no column can hold makes the query fail: a NUL on
PostgreSQL, a number too big for the column on SQLite, a date hierarchy year
past 9999. Those answer 400 (or, for a list's filters, Django's own "invalid
lookup" redirect to `?e=1`) here instead of 500, for every registered
ModelAdmin, those of contrib.auth and django-axes included.

Its home page is the editors' desk: short lists of what needs them now, each
given by an app at ready() (`AdminSite.desk_panels`), as the site knows no app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import update_wrapper

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers, widgets
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ChangeList as DjangoChangeList
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.http import HttpResponseBadRequest
from django_tasks_db.apps import TasksAppConfig


def storable(field: models.Field, values: Iterable[str]) -> list[str]:
    """Those of `values` that `field` can hold, so that a query for them
    finds rows or none, rather than failing."""
    kept = []
    for value in values:
        try:
            python = field.to_python(value)
        except ValidationError:
            continue
        if "\x00" in str(python):
            continue
        if isinstance(field, models.IntegerField):
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            if not low <= python <= high:
                continue
        kept.append(value)
    return kept


class StorableChoicesField(forms.ModelMultipleChoiceField):
    """Rows chosen by key, where a submitted value no key can be (a garbled or
    hand-made POST) is an invalid choice rather than a failed query."""

    def _check_values(self, value):
        pk = self.queryset.model._meta.pk
        kept = storable(pk, [str(v) for v in value])
        if len(kept) < len(value):
            bad = next(v for v in value if str(v) not in kept)
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": bad},
            )
        return super()._check_values(value)


class AutocompleteSelect(widgets.AutocompleteSelect):
    """Django's autocomplete, showing a submitted value that is no key (a
    garbled or hand-made POST) as no choice instead of failing the page."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, storable(self.field.target_field, value), attr)

    def create_option(self, name, value, label, *args, **kwargs):
        # HTML wants no empty <option>: the blank choice says what it is
        # (select2 shows its placeholder instead).
        return super().create_option(name, value, label or "—", *args, **kwargs)


class AutocompleteSelectMultiple(widgets.AutocompleteSelectMultiple):
    """Django's multiple autocomplete, guarded like the single one above."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, storable(self.field.target_field, value), attr)

    def build_attrs(self, base_attrs, extra_attrs=None):
        # Each chosen value has its own ×; select2's "clear all" would put a
        # <span> among the <li>s of its list, which assistive technology
        # reads as a broken list.
        return {
            **super().build_attrs(base_attrs, extra_attrs),
            "data-allow-clear": "false",
        }


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete answers labelled by the chosen model's admin when it says
    how (`autocomplete_label`): "Hamas — organisation", not just "Hamas"."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        return {**result, "text": label(obj)} if label else result


class GuardedAutocompleteMixin:
    """For a ModelAdmin or an inline: its autocomplete fields use the widget above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ChangeList(DjangoChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            # Django checks that the date hierarchy's year, month and day make
            # a date, not that the period they open ends in one (year 9999),
            # nor that they fit in an integer at all.
            raise IncorrectLookupParameters(error) from error


class GuardedInputMixin:
    """What the site adds to every ModelAdmin registered with it."""

    def get_changelist(self, request, **kwargs):
        return ChangeList

    def response_action(self, request, queryset):
        ticked = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if len(storable(self.opts.pk, ticked)) < len(ticked):
            return HttpResponseBadRequest("A ticked row is not one of this list's.")
        return super().response_action(request, queryset)


def _holds_nul(query) -> bool:
    return any("\x00" in "".join([key, *values]) for key, values in query.lists())


@dataclass(frozen=True)
class DeskItem:
    """One line of a desk list: a piece, where to open it, and what to know."""

    label: str
    url: str
    note: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class DeskPanel:
    title: str
    items: list[DeskItem]
    # Said when there is nothing to list.
    empty: str
    # The whole list, when there may be more than the desk shows.
    more_url: str = ""
    # Whether there are more than `items`.
    more: bool = False


# Apps in the order an editor reaches for them; the rest follow A–Z.
APP_ORDER = ["articles", "entities", "authors", "images", "sections", "topics"]


class AdminSite(admin.AdminSite):
    index_title = "Desk"
    index_template = "admin/desk.html"
    # What the desk shows, each a function of the request giving a DeskPanel,
    # or None for a user who may not see it: set by the apps at ready().
    desk_panels: list[Callable] = []

    @property
    def site_header(self):
        return settings.SITE_NAME

    @property
    def site_title(self):
        return settings.SITE_NAME

    def index(self, request, extra_context=None):
        panels = [panel(request) for panel in self.desk_panels]
        context = {"desk": [panel for panel in panels if panel is not None]}
        return super().index(request, context | (extra_context or {}))

    def get_app_list(self, request, app_label=None):
        rank = {label: place for place, label in enumerate(APP_ORDER)}
        return sorted(
            super().get_app_list(request, app_label),
            key=lambda app: (rank.get(app["app_label"], len(rank)), app["name"]),
        )

    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        guarded = type(
            base.__name__,
            (GuardedInputMixin, base),
            {"__module__": base.__module__, "__qualname__": base.__qualname__},
        )
        super().register(model_or_iterable, guarded, **options)

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def admin_view(self, view, cacheable=False):
        # No parameter of any admin page can hold a NUL: a lookup, search or
        # autocomplete term with one fails on PostgreSQL.
        def refusing_nul(request, *args, **kwargs):
            if _holds_nul(request.GET):
                return HttpResponseBadRequest("A parameter holds a NUL character.")
            return view(request, *args, **kwargs)

        return super().admin_view(update_wrapper(refusing_nul, view), cacheable)


class AdminConfig(DjangoAdminConfig):
    default_site = "newsroom.admin_site.AdminSite"

    def ready(self):
        super().ready()
        from taggit.models import Tag

        # Actors are the site's tags (entities.Entity); taggit's own model
        # would be a second vocabulary that no piece uses.
        if admin.site.is_registered(Tag):
            admin.site.unregister(Tag)


class TaskQueueConfig(TasksAppConfig):
    """django-tasks-db's app, named for the staff who find it in the admin."""

    verbose_name = "Background tasks"
