from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from .models import Article


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


class ArticlePreviewView(ArticleDetailView):
    """Any piece, public or not, as readers will see it: for staff only."""

    def dispatch(self, request, *args, **kwargs):
        # A 404 rather than a login redirect, which would tell anyone the piece exists.
        if not (
            request.user.is_staff and request.user.has_perm("articles.view_article")
        ):
            raise Http404("No such article.")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.with_entities()

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        add_never_cache_headers(response)
        return response
