import json
from datetime import timedelta

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from entities.models import Kind
from newsroom.admin_site import GuardedAutocompleteMixin
from newsroom.dates import datetime_text
from newsroom.languages import language_default, language_normalize
from newsroom.page_cache import PagesChangedOnDeleteMixin

from . import workflow
from .admin_fronts import PinInline
from .admin_inlines import (
    ArticleAuthorInline,
    CorrectionInline,
    editable,
)
from .admin_writing import ActorsField, MarkdownEditor, WritingAidsMixin, actors_widget
from .changes import articles_changed
from .forms import OpenedVersionForm
from .models import Article, ArticleEntity, EditConflict, Status
from .revisions import COMPARED_FIELDS, Snapshot, article_versions, snapshot_diff


class Move:
    """A workflow button of the form: the status it gives and what it answers."""

    REVIEW = "review"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    DRAFT = "draft"
    LABELS = {
        REVIEW: "Send for review",
        PUBLISH: "Publish now",
        SCHEDULE: "Schedule…",
        DRAFT: "Back to draft",
    }
    TARGETS = {
        REVIEW: Status.REVIEW,
        PUBLISH: Status.PUBLISHED,
        SCHEDULE: Status.PUBLISHED,
        DRAFT: Status.DRAFT,
    }

    @classmethod
    def offered(cls, *, user, current: Status | None) -> list[tuple[str, str]]:
        """The buttons for what `user` may do to a piece now in `current`."""
        allowed = set(workflow.allowed_statuses(user=user, current=current))
        # Staying put is plain Save; a new piece is a draft until moved.
        allowed.discard(current or Status.DRAFT)
        return [
            (move, label)
            for move, label in cls.LABELS.items()
            if cls.TARGETS[move] in allowed
        ]


class ArticleAdminForm(forms.ModelForm):
    """The change form: knows its opening version and the editor's rights.

    Status moves by the workflow buttons (`_move` in the POST), which the form
    checks as if the status had been chosen: the same rules either way.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    actors = ActorsField()
    editor = None  # the request's user, bound by ArticleAdmin.get_form
    admin_site = None  # bound by ArticleAdmin.get_form, for the actors' widget
    # The conflict a first try at saving this very POST met, bound by get_form.
    overtaken = None

    class Meta:
        widgets = {"body": MarkdownEditor, "status": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.done = ""
        stored = self.instance.status if self.instance.pk else None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        if "actors" in self.fields:
            self.fields["actors"].widget = actors_widget(
                field=self.fields["actors"],
                admin_site=self.admin_site,
                can_add=self.editor.has_perm("entities.add_entity"),
            )
            if self.instance.pk:
                self.fields["actors"].initial = list(
                    self.instance.entity_links.values_list("tag_id", flat=True)
                )
        if "language" in self.fields:
            # The default is the site's setting, read when the form is built: there
            # is no "changed from the default" to track with a hidden initial.
            self.fields["language"].show_hidden_initial = False
            self.fields["language"].required = False
        if "status" in self.fields:
            allowed = workflow.allowed_statuses(user=self.editor, current=stored)
            self.fields["status"].choices = [(s.value, s.label) for s in allowed]
        if "publish_at" in self.fields:
            date, time = self.fields["publish_at"].widget.widgets
            date.attrs["aria-label"] = "Publish date"
            time.attrs["aria-label"] = "Publish time"
        if "publish_at" in self.fields and not self.editor.has_perm(workflow.PUBLISH):
            self.fields["publish_at"].disabled = True
            self.fields["publish_at"].help_text = "Set by an editor on publishing."

    def clean_language(self):
        typed = self.cleaned_data["language"]
        return language_normalize(typed) if typed else language_default()

    def clean(self):
        cleaned = super().clean()
        self._clean_move(cleaned)
        image = cleaned.get("image")
        if cleaned.get("status") == Status.PUBLISHED and image and image.alt_problem:
            self.add_error("image", image.alt_problem)
        if self.instance.pk:
            base = cleaned.get("base_version") or 0
            # The model refuses a save from an older version anyway; finding it
            # here turns the refusal into a form error that keeps what was typed.
            self.instance.version = base
            self.conflict = self.overtaken
            if self.conflict is None and not (
                Article.objects.filter(pk=self.instance.pk, version=base).exists()
            ):
                self.conflict = EditConflict.for_article(self.instance)
            if self.conflict:
                raise forms.ValidationError(self.conflict.message, code="conflict")
        return cleaned

    def _clean_move(self, cleaned) -> None:
        move = self.data.get("_move")
        if not move:
            return
        stored = self.instance.status if self.instance.pk else None
        if move not in dict(Move.offered(user=self.editor, current=stored)):
            raise forms.ValidationError("You may not do that to this piece.")
        cleaned["status"] = Move.TARGETS[move]
        now = timezone.now()
        if move == Move.PUBLISH:
            cleaned["publish_at"] = now
            self.done = "Published"
        elif move == Move.SCHEDULE:
            at = cleaned.get("publish_at")
            if at is None or at <= now:
                self.add_error(
                    "publish_at", "To schedule, set a publish time in the future."
                )
                return
            self.done = f"Scheduled for {datetime_text(at)}"
        elif move == Move.REVIEW:
            self.done = "Sent for review"
        else:
            self.done = "Back to draft"

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                workflow.article_check_write(article=self.instance, by=self.editor)
            except workflow.WorkflowError as error:
                self.add_error(None, str(error))


def _submitted(form, stored: Snapshot) -> Snapshot:
    """What a refused form would have saved, to set against what is stored."""
    fields = {
        name: form.cleaned_data.get(name, stored.fields[name])
        for name in COMPARED_FIELDS
    }
    if "section" in form.cleaned_data:
        # The form chooses a section; revisions compare its key.
        fields["section_id"] = getattr(form.cleaned_data["section"], "pk", None)
    if "actors" in form.cleaned_data:
        actors = list(form.cleaned_data["actors"])
        return Snapshot(
            fields=fields,
            actor_ids=frozenset(actor.pk for actor in actors),
            actor_names={actor.pk: actor.name for actor in actors},
        )
    return Snapshot(
        fields=fields, actor_ids=stored.actor_ids, actor_names=stored.actor_names
    )


class TimingFilter(admin.SimpleListFilter):
    title = "timing"
    parameter_name = "timing"
    stale_after = timedelta(days=7)

    def lookups(self, request, model_admin):
        return [
            ("scheduled", "Scheduled (published, not yet public)"),
            ("overdue", "Overdue (planned time passed, not published)"),
            ("stale", f"Drafts untouched for {self.stale_after.days} days"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "stale":
            return queryset.filter(
                status=Status.DRAFT, updated_at__lt=now - self.stale_after
            )
        return queryset


class WrittenByFilter(admin.SimpleListFilter):
    """A reporter's own pieces: those crediting the author their account is."""

    title = "written by"
    parameter_name = "written_by"

    def lookups(self, request, model_admin):
        return [("me", "Me")] if hasattr(request.user, "author") else []

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(author_links__author__user=request.user)
        return queryset


class ActorKindFilter(admin.SimpleListFilter):
    title = "actor kind"
    parameter_name = "actor_kind"

    def lookups(self, request, model_admin):
        return Kind.choices

    def queryset(self, request, queryset):
        if self.value() in Kind.values:
            # A subquery, not a join, so the list's actor counts stay whole.
            tagged = ArticleEntity.objects.filter(tag__kind=self.value())
            return queryset.filter(pk__in=tagged.values("content_object"))
        return queryset


@admin.register(Article)
class ArticleAdmin(
    PagesChangedOnDeleteMixin,
    GuardedAutocompleteMixin,
    WritingAidsMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    list_display = [
        "thumbnail",
        "headline",
        "credited",
        "section",
        "state",
        "moment",
    ]
    list_display_links = ["headline"]
    list_select_related = ["image", "section"]
    list_filter = [
        "status",
        TimingFilter,
        WrittenByFilter,
        ("author_links__author", admin.RelatedOnlyFieldListFilter),
        "section",
        ActorKindFilter,
    ]
    search_fields = [
        "headline",
        "slug",
        "entity_links__tag__name",
        "author_links__author__name",
    ]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = [
        "state",
        "first_published_at",
        "created_at",
        "updated_at",
        "updated_by",
        "version",
    ]
    inlines = [ArticleAuthorInline, CorrectionInline, PinInline]
    # Its "+" uploads a new image from the article form.
    autocomplete_fields = ["image"]
    actions = ["send_to_review", "publish_now", "withdraw"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "standfirst",
                    "body",
                    "actors",
                    "byline",
                    "section",
                    "language",
                ]
            },
        ),
        ("Lead image", {"fields": ["image"]}),
        ("Publication", {"fields": ["state", "publish_at", "exclude_from_related"]}),
        (
            "History",
            {
                "fields": [
                    "first_published_at",
                    "created_at",
                    "updated_at",
                    "updated_by",
                    "version",
                ]
            },
        ),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "actors" in form.cleaned_data:
            form.tagged = workflow.article_actors_set(
                article=form.instance, entities=list(form.cleaned_data["actors"])
            )
            # Recorded again, now with its actors: the save recorded it before.
            reversion.add_to_revision(form.instance)
        articles_changed(article_ids=[form.instance.pk])

    def construct_change_message(self, request, form, formsets, add=False):
        """Django's message without the actors field, then what was tagged and
        untagged by name: "Changed Body. Tagged Hezbollah, Iran."."""
        message = super().construct_change_message(request, form, formsets, add)
        for part in message:
            if changed := part.get("changed"):
                changed["fields"] = [f for f in changed["fields"] if f != "Actors"]
        message = [p for p in message if p != {"changed": {"fields": []}}]
        text = (
            LogEntry(change_message=json.dumps(message)).get_change_message()
            if message
            else ""
        )
        added, removed = getattr(form, "tagged", ([], []))
        for verb, actors in [("Tagged", added), ("Untagged", removed)]:
            if actors:
                text += f" {verb} {', '.join(actor.name for actor in actors)}."
        return text.strip()

    def get_queryset(self, request):
        return super().get_queryset(request).with_authors()

    @admin.display(description="picture")
    def thumbnail(self, article):
        smallest = article.image.renditions_for("card")[:1] if article.image else []
        if not smallest:
            return ""
        return format_html(
            '<img class="image-thumbnail" src="{}" width="{}" height="{}" alt="">',
            smallest[0].url,
            smallest[0].width,
            smallest[0].height,
        )

    @admin.display(description="authors")
    def credited(self, article):
        return article.byline or ", ".join(a.name for a in article.authors)

    @admin.display(description="actors")
    def actors(self, article):
        return ", ".join(entity.name_with_kind for entity in article.actors) or "—"

    @admin.display(description="status", ordering="status")
    def state(self, article):
        if article.is_scheduled:
            return "Scheduled"
        return article.get_status_display()

    @admin.display(description="time", ordering="publish_at")
    def moment(self, article):
        """When it goes or went public; for a piece without a time, its last edit."""
        return datetime_text(article.publish_at or article.updated_at)

    def view_on_site(self, article):
        if article.is_public:
            return article.get_absolute_url()
        return reverse("articles:preview", kwargs={"slug": article.slug})

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and editable(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH)

    def has_withdraw_permission(self, request):
        return request.user.has_perm(workflow.WITHDRAW)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The status moves by the workflow buttons: a hidden field of the
        # form, outside the fieldsets (whose hidden fields get visible labels).
        if kwargs.get("fields") is not None:
            kwargs["fields"] = [*kwargs["fields"], "status"]
        form = super().get_form(request, obj, change, **kwargs)
        return type(
            form.__name__,
            (form,),
            {
                "editor": request.user,
                "admin_site": self.admin_site,
                "overtaken": getattr(request, "overtaken", None),
            },
        )

    # Saving: one path, through the workflow service.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return self._changeform_in_revision(
                request, object_id, form_url, extra_context
            )
        except EditConflict as conflict:
            # Saved by someone else between this form's check and its write
            # (two editors posting at once): the same POST once more, which the
            # form now refuses with the conflict, keeping what was typed.
            request.overtaken = conflict
            return self._changeform_in_revision(
                request, object_id, form_url, extra_context
            )

    def _changeform_in_revision(self, request, object_id, form_url, extra_context):
        try:
            with reversion.create_revision():
                reversion.set_user(request.user)
                return super().changeform_view(
                    request, object_id, form_url, extra_context
                )
        except workflow.WorkflowError as error:
            raise PermissionDenied(str(error)) from error

    def save_model(self, request, obj, form, change):
        # save_related follows up once the actors are saved.
        workflow.article_save(article=obj, by=request.user, follow_up=False)
        request.move_done = form.done

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        reversion.set_comment(entry.get_change_message())
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        reversion.set_comment(entry.get_change_message() or "Saved, no changes.")
        return entry

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        form = context["adminform"].form
        if form.conflict and form.conflict.current:
            theirs = Snapshot.from_article(form.conflict.current)
            context["conflict"] = form.conflict
            context["conflict_diff"] = snapshot_diff(theirs, _submitted(form, theirs))
        if self.has_change_permission(request, obj) and (add or obj is not None):
            current = obj.status if obj is not None else None
            context["moves"] = Move.offered(user=request.user, current=current)
            context["may_withdraw"] = (
                obj is not None
                and obj.status == Status.PUBLISHED
                and self.has_withdraw_permission(request)
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._answer_move(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._answer_move(request, obj) or super().response_change(request, obj)

    def _answer_move(self, request, obj):
        """After a workflow button: say what happened in words, warn of what a
        published piece lacks, and stay on the piece."""
        done = getattr(request, "move_done", "")
        if not done:
            return None
        self.message_user(request, f"{done}: “{obj}”.", messages.SUCCESS)
        if obj.status == Status.PUBLISHED:
            self._warn_gaps(request, [obj])
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[obj.pk])
        )

    def _warn_gaps(self, request, articles) -> None:
        for article in articles:
            if gaps := workflow.publication_gaps(article=article):
                self.message_user(
                    request,
                    f"“{article}” is published without {', '.join(gaps)}.",
                    messages.WARNING,
                )

    # Actions: each piece goes through the workflow service, which has the last word.

    @admin.action(description="Send to review", permissions=["change"])
    def send_to_review(self, request, queryset):
        self._transition(
            request, queryset, workflow.article_submit_for_review, "Sent {} for review."
        )

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        published = self._transition(
            request, queryset, workflow.article_publish, "Published {}."
        )
        self._warn_gaps(request, published)

    @admin.action(description="Withdraw from readers…", permissions=["withdraw"])
    def withdraw(self, request, queryset):
        """Asks first: readers lose the pieces at once."""
        if request.POST.get("confirmed") != "yes":
            return self._withdraw_confirmation(request, list(queryset), single=None)
        self._transition(request, queryset, workflow.article_withdraw, "Withdrew {}.")
        return None

    def _transition(self, request, queryset, service, done: str) -> list[Article]:
        moved = []
        for article in queryset:
            try:
                service(article=article, by=request.user)
            except (workflow.WorkflowError, EditConflict) as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                moved.append(article)
        if moved:
            pieces = "1 piece" if len(moved) == 1 else f"{len(moved)} pieces"
            self.message_user(request, done.format(pieces), messages.SUCCESS)
        return moved

    def withdraw_view(self, request, object_id):
        """The change page's "Withdraw…": a confirmation, then the withdrawal."""
        article = self._viewable(request, object_id)
        if not self.has_withdraw_permission(request):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if request.method != "POST":
            return self._withdraw_confirmation(request, [article], single=article)
        if not OpenedVersionForm.opened(request, article):
            return HttpResponseBadRequest("The version you opened is missing.")
        try:
            workflow.article_withdraw(article=article, by=request.user)
        except (workflow.WorkflowError, EditConflict) as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, f"Withdrawn: “{article}”.", messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def _withdraw_confirmation(self, request, articles, single):
        return TemplateResponse(
            request,
            "admin/articles/article/withdraw_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Withdraw from readers?",
                "articles": articles,
                "single": single,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    # Revisions: history, comparing two, restoring one.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/withdraw/",
                view(self.withdraw_view),
                name="articles_article_withdraw",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def _viewable(self, request, object_id) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _context(self, request, article, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "title": title,
            "subtitle": str(article),
            "may_restore": self.has_change_permission(request, article),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        article = self._viewable(request, object_id)
        versions = list(article_versions(article))
        return TemplateResponse(
            request,
            "admin/articles/article/revision_history.html",
            self._context(
                request,
                article,
                "Revisions",
                versions=[(v, v.field_dict.get("version")) for v in versions],
                latest=versions[0].revision_id if versions else None,
            ),
        )

    def compare_view(self, request, object_id):
        article = self._viewable(request, object_id)
        versions = article_versions(article)
        chosen = {
            v.revision_id: v.revision
            for v in versions.filter(
                revision_id__in=[
                    pk for pk in request.GET.getlist("revision") if pk.isdigit()
                ]
            )
        }
        if len(chosen) != 2:
            self.message_user(
                request, "Choose two revisions to compare.", messages.WARNING
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        old, new = sorted(chosen.values(), key=lambda r: (r.date_created, r.pk))
        diff = snapshot_diff(
            Snapshot.from_revision(revision=old, article_id=article.pk),
            Snapshot.from_revision(revision=new, article_id=article.pk),
        )
        return TemplateResponse(
            request,
            "admin/articles/article/revision_compare.html",
            self._context(
                request, article, "Compare revisions", old=old, new=new, diff=diff
            ),
        )

    def restore_view(self, request, object_id, revision_id):
        article = self._viewable(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(
            article_versions(article), revision_id=revision_id
        ).revision
        if request.method == "POST":
            if not OpenedVersionForm.opened(request, article):
                return HttpResponseBadRequest("The version you opened is missing.")
            try:
                missing = workflow.article_restore(
                    article=article, revision=revision, by=request.user
                )
            except (workflow.WorkflowError, EditConflict) as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(
                request,
                f"Restored the version of {datetime_text(revision.date_created)}.",
                messages.SUCCESS,
            )
            if missing:
                self.message_user(
                    request,
                    "These actors no longer exist and were not restored: "
                    + ", ".join(missing),
                    messages.WARNING,
                )
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[article.pk])
            )
        current = Snapshot.from_article(article)
        restored = Snapshot.from_revision(revision=revision, article_id=article.pk)
        diff = snapshot_diff(current, current.with_content_of(restored))
        return TemplateResponse(
            request,
            "admin/articles/article/revision_restore.html",
            self._context(
                request, article, "Restore a revision", revision=revision, diff=diff
            ),
        )
