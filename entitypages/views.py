from django.conf import settings
from django.db.models import Count
from django.db.models.functions import Substr, Upper
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.text import get_text_list
from django.views.generic import ListView

from articles.models import Article, public_q, visible_entities
from articles.pagination import CountedPaginator, KeysetPaginationMixin
from entities.lookup import Moved, find_entities
from entities.models import KIND_PLURALS, Entity, Kind
from topics.models import Topic

from .addresses import entities_url
from .coverage import coverage_summary

LETTERS = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
OTHER_INITIAL = "#"
# Up to this many pieces are found, then sorted (a few milliseconds); more are
# read newest first from the publication index, which finds a page of them
# before long (see `few_newest_first`).
FEW_PIECES = 2000
# The published topics an actor's page links to, at most.
TOPICS_SHOWN = 10


class EntityListView(ListView):
    """Every actor with public coverage, grouped by kind, A–Z, with counts."""

    template_name = "entitypages/entity_list.html"
    context_object_name = "entities"
    paginate_by = 200

    def get_queryset(self):
        self.kind = self.request.GET.get("kind", "")
        if self.kind and self.kind not in Kind.values:
            raise Http404("No such kind of actor.")
        self.letter = self.request.GET.get("letter", "").upper()
        if self.letter and self.letter not in [*LETTERS, OTHER_INITIAL]:
            raise Http404("No such letter.")
        entities = (
            Entity.objects.annotate(
                article_count=Count(
                    "article_links", filter=public_q("article_links__content_object__")
                ),
                initial=Upper(Substr("name_key", 1, 1)),
            )
            .filter(article_count__gt=0)
            .in_kind_order()
        )
        if self.kind:
            entities = entities.filter(kind=self.kind)
        self.initials = set(
            entities.order_by().values_list("initial", flat=True).distinct()
        )
        if self.letter == OTHER_INITIAL:
            entities = entities.exclude(initial__in=LETTERS)
        elif self.letter:
            entities = entities.filter(initial=self.letter)
        return entities

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {}
        for entity in context["entities"]:
            groups.setdefault(entity.kind, []).append(entity)
        has_other = bool(self.initials - set(LETTERS))
        context.update(
            kind=self.kind,
            kind_label=KIND_PLURALS.get(self.kind, ""),
            kinds=[(kind, KIND_PLURALS[kind]) for kind in Kind],
            letter=self.letter,
            letters=[
                *((letter, letter in self.initials) for letter in LETTERS),
                *([(OTHER_INITIAL, True)] if has_other else []),
            ],
            groups=[
                (kind, KIND_PLURALS[kind], members) for kind, members in groups.items()
            ],
        )
        return context


class EntityCoverageView(KeysetPaginationMixin, ListView):
    """Public pieces tagged with every actor the URL names, newest first, the
    first pages numbered and the rest reached by "Older" links.

    An address of a merged actor, or with slugs out of order, answers 301 to the
    canonical one; an unknown actor, or one no public piece is tagged with, is
    a 404.
    """

    context_object_name = "articles"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get(self, request, *args, **kwargs):
        slugs = [kwargs["slug"]] if "slug" in kwargs else kwargs["slugs"]
        try:
            self.entities = find_entities(slugs, self.entity_queryset())
        except Moved as moved:
            url = entities_url(moved.slugs)
            if request.META.get("QUERY_STRING"):
                url += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(url)
        return super().get(request, *args, **kwargs)

    def entity_queryset(self):
        return visible_entities()

    def get_queryset(self):
        self.summary = coverage_summary(self.entities)
        pieces = Article.objects.published().tagged_with_all(self.entities)
        if self.summary.count <= FEW_PIECES:
            pieces = pieces.few_newest_first()
        else:
            pieces = pieces.newest_first()
        return pieces.with_entities().with_authors()

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.summary.count, **kwargs)

    def get_context_data(self, **kwargs):
        slugs = [entity.slug for entity in self.entities]
        return super().get_context_data(
            entities=self.entities,
            entity_names=get_text_list([e.name for e in self.entities], "and"),
            feed_url=entities_url(slugs, "feed"),
            atom_url=entities_url(slugs, "atom"),
            chart=self.summary.chart,
            chart_html=self.summary.chart_html,
            **kwargs,
        )


class EntityDetailView(EntityCoverageView):
    """An actor: who it is, its coverage, who is covered with it, and when."""

    template_name = "entitypages/entity_detail.html"

    def entity_queryset(self):
        return visible_entities(Entity.objects.with_aliases().select_related("image"))

    def get_context_data(self, **kwargs):
        entity = self.entities[0]
        co_coverage = [
            {**row, "combined_url": entities_url([entity.slug, row["tag__slug"]])}
            for row in self.summary.co_coverage
        ]
        return super().get_context_data(
            entity=entity,
            co_coverage=co_coverage,
            topics=Topic.objects.published().including(entity)[:TOPICS_SHOWN],
            **kwargs,
        )


class EntityCombinationView(EntityCoverageView):
    template_name = "entitypages/entity_combination.html"
