from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import Article
from .related import related_for

ARTICLE_PAGE_RELATED = 5


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().newest_first().with_entities()


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().with_entities()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            related=related_for(self.object, limit=ARTICLE_PAGE_RELATED), **kwargs
        )


class RelatedListView(ListView):
    """A piece's related coverage, best first, each with why it is there."""

    template_name = "articles/related_list.html"
    context_object_name = "related"
    paginate_by = 10

    def get_queryset(self):
        self.article = get_object_or_404(
            Article.objects.published().with_entities(), slug=self.kwargs["slug"]
        )
        return related_for(self.article, limit=settings.RELATED_KEEP)

    def get_context_data(self, **kwargs):
        return super().get_context_data(article=self.article, **kwargs)
