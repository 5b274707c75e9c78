"""The topic form's live preview: what the rule being edited gathers, before
anything is saved.

The form's script (static/js/topic_form.js) posts the rule as it stands to a
staff-only endpoint, CSRF-protected like any admin form, and shows the answer:
how many public pieces the rule matches and the first ten the page would
list, pinned pieces first, then the rest in the page's "Most relevant" order
(topics.rules, the ranking the page's list is kept in). Bad input answers 400
with the form's errors by field, as JSON.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from articles.admin_writing import ActorsField
from articles.models import Article
from entities.models import Entity
from newsroom.admin_site import StorableChoicesField
from newsroom.dates import datetime_text

from .models import Part, Topic, min_shared_problem
from .rules import Rule, rule_ranked, rule_shared

PREVIEW_LENGTH = 10


def rule_problems(cleaned: dict) -> dict[str | None, str]:
    """What is wrong with the actors and `min_shared` of a rule being edited,
    by field (None for the rule as a whole): the topic form's and the
    preview's one check."""
    parts = [set(cleaned.get(part) or []) for part in Part]
    problems: dict[str | None, str] = {}
    if (parts[0] & parts[1]) | (parts[0] & parts[2]) | (parts[1] & parts[2]):
        problems[None] = "An actor can be in one part of the rule only."
    if not parts[0] and not parts[1]:
        problems["all_of"] = "Name at least one actor the pieces are about."
    if problem := min_shared_problem(
        min_shared=cleaned.get("min_shared") or 0, any_of_count=len(parts[1])
    ):
        problems["min_shared"] = problem
    return problems


class PiecesField(StorableChoicesField):
    """Pieces chosen by id."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Article.objects.all(), required=False, **kwargs)


class RulePreviewForm(forms.Form):
    """The rule as the topic form holds it, unsaved; `pinned` in the pins'
    order."""

    all_of = ActorsField()
    any_of = ActorsField()
    none_of = ActorsField()
    min_shared = forms.IntegerField(min_value=1, max_value=32767)
    since = forms.DateField(required=False)
    until = forms.DateField(required=False)
    excluded = PiecesField()
    pinned = PiecesField()

    def clean(self):
        cleaned = super().clean()
        for field, problem in rule_problems(cleaned).items():
            self.add_error(field, problem)
        try:
            Topic(since=cleaned.get("since"), until=cleaned.get("until")).clean()
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def rule(self) -> Rule:
        ids = {
            name: frozenset(item.pk for item in self.cleaned_data[name])
            for name in [*Part, "excluded"]
        }
        return Rule(
            min_shared=self.cleaned_data["min_shared"],
            since=self.cleaned_data["since"],
            until=self.cleaned_data["until"],
            **ids,
        )

    def pinned_ids(self) -> list[int]:
        """The pinned pieces in the order the form lists them (a queryset's
        own order is the model's)."""
        chosen = {str(piece.pk) for piece in self.cleaned_data["pinned"]}
        return [
            int(pk) for pk in dict.fromkeys(self.data.getlist("pinned")) if pk in chosen
        ]


@dataclass(frozen=True)
class PreviewRow:
    article: Article
    shared: list[str]
    pinned: bool

    @property
    def when(self) -> str:
        return datetime_text(self.article.publish_at)


@dataclass(frozen=True)
class Preview:
    # The public pieces the rule matches, excluded ones left out.
    count: int
    # The public pinned pieces shown first.
    pinned: int
    rows: list[PreviewRow]


def topic_preview(
    *, rule: Rule, pinned: list[int], length: int = PREVIEW_LENGTH
) -> Preview:
    """What the topic's page would list first if saved with `rule` and these
    pins: its public pinned pieces in order, then the public pieces the rule
    matches, most relevant first."""
    matched = rule_ranked(rule=rule, public=True)
    public = set(
        Article.objects.published()
        .filter(pk__in=pinned)
        .exclude(pk__in=rule.excluded)
        .values_list("pk", flat=True)
    )
    pins = [pk for pk in pinned if pk in public]
    shared = {row.article_id: row.shared for row in matched}
    missing = [pk for pk in pins[:length] if pk not in shared]
    shared |= {
        row.article_id: row.shared
        for row in rule_shared(rule=rule, article_ids=missing)
    }
    first = (
        pins + [row.article_id for row in matched if row.article_id not in public]
    )[:length]
    pieces = Article.objects.in_bulk(first)
    names = dict(Entity.objects.filter(pk__in=rule.counted).values_list("pk", "name"))
    return Preview(
        count=len(matched),
        pinned=len(pins),
        rows=[
            PreviewRow(
                article=pieces[pk],
                shared=[names[actor] for actor in shared.get(pk, ())],
                pinned=pk in public,
            )
            for pk in first
        ],
    )


class TopicPreviewMixin:
    """For TopicAdmin: the endpoint of its form's live preview."""

    def get_urls(self):
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="topics_topic_preview",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def preview_view(self, request):
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        form = RulePreviewForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        preview = topic_preview(rule=form.rule(), pinned=form.pinned_ids())
        return JsonResponse(
            {
                "count": preview.count,
                "pinned": preview.pinned,
                "results": [
                    {
                        "id": row.article.pk,
                        "headline": row.article.headline,
                        "url": row.article.get_absolute_url(),
                        "admin_url": reverse(
                            "admin:articles_article_change", args=[row.article.pk]
                        ),
                        "publish_at": row.article.publish_at.isoformat(),
                        "shared": row.shared,
                        "pinned": row.pinned,
                    }
                    for row in preview.rows
                ],
                "html": render_to_string(
                    "admin/topics/topic/preview.html",
                    {"preview": preview},
                    request=request,
                ),
            }
        )
