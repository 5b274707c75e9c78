from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.models import Article, ArticleEntity, public_q

from .models import KIND_PLURALS, Entity, Kind


class EntityListView(ListView):
    """Every actor with public coverage, grouped by kind, A–Z, with counts."""

    template_name = "entities/entity_list.html"
    context_object_name = "entities"
    paginate_by = 200

    def get_queryset(self):
        self.kind = self.request.GET.get("kind", "")
        if self.kind and self.kind not in Kind.values:
            raise Http404("No such kind of actor.")
        entities = Entity.objects.annotate(
            article_count=Count(
                "article_links", filter=public_q("article_links__content_object__")
            )
        ).filter(article_count__gt=0)
        if self.kind:
            entities = entities.filter(kind=self.kind)
        return entities.in_kind_order()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {}
        for entity in context["entities"]:
            groups.setdefault(entity.kind, []).append(entity)
        context.update(
            kind=self.kind,
            kind_label=KIND_PLURALS.get(self.kind, ""),
            kinds=[(kind, KIND_PLURALS[kind]) for kind in Kind],
            groups=[
                (kind, KIND_PLURALS[kind], members) for kind, members in groups.items()
            ],
        )
        return context


class EntityDetailView(ListView):
    """An actor and its public coverage, newest first."""

    template_name = "entities/entity_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.entity = get_object_or_404(
            Entity.objects.prefetch_related("aliases"), slug=self.kwargs["slug"]
        )
        return (
            Article.objects.published()
            .tagged_with(self.entity)
            .newest_first()
            .with_entities()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            entity=self.entity,
            co_coverage=ArticleEntity.objects.co_coverage(self.entity),
            **kwargs,
        )
