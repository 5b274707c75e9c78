import functools

from django.conf import settings
from django.db.models import Max, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.views.generic import DetailView, ListView

from images.models import Image
from newsroom.frame import Frame, request_frame
from newsroom.stored_pages import StoredPage

from .cards import cards_weigh
from .forms import SearchForm
from .fronts import Front, front_home, front_pinned, front_rest, in_the_news
from .models import Article, Correction, visible_entities
from .page_parts import PageParts, related_digest
from .page_read import page_read
from .pagination import KeysetPaginationMixin
from .related import conf as related_conf
from .related import related_for, related_live, related_served
from .search import search_highlight
from .search_actors import search_actors

ARTICLE_PAGE_RELATED = 5


class FrontView(KeysetPaginationMixin, ListView):
    """A front: the public pieces pinned to it, in the editors' order, then the
    rest newest first. The pins head the first page; no piece shows twice.
    Deep pages cost what the first does (articles.pagination)."""

    context_object_name = "articles"
    paginate_by = settings.ARTICLES_PER_PAGE
    # The section whose front this is; None: the home page.
    section = None

    def articles(self):
        return Article.objects.all()

    def get_queryset(self):
        articles = self.articles().with_entities().with_authors()
        self.pinned = list(front_pinned(articles, section=self.section))
        return front_rest(articles, self.pinned)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first_page = context["page_obj"].number == 1
        context["pinned"] = self.pinned if first_page else []
        front = self.front(context) if first_page else None
        # The page's cards are weighed together: one query for all their actors.
        cards_weigh(
            front.articles if front else [*context["pinned"], *context["articles"]]
        )
        return context | {"front": front}

    def front(self, context) -> Front | None:
        """The first page laid out as a front; None: the plain list."""
        return None


class HomeView(FrontView):
    """The home page: its first page a front (articles.fronts.front_home) with
    the actors in the news; the pages after it the newest pieces."""

    template_name = "articles/home.html"

    def front(self, context) -> Front:
        context["in_the_news"] = in_the_news()
        return front_home(
            self.articles().with_entities().with_authors(),
            pinned=context["pinned"],
            newest=context["articles"],
        )


class ArticleDetailView(DetailView):
    """A piece's page. The piece is read in every request, in one statement
    (articles.page_read), so the database decides then whether it is public;
    a page whose read shows what a kept page showed is that page
    (newsroom.stored_pages), served without rendering anything."""

    context_object_name = "article"
    # Whether only a public piece is shown (a preview shows any).
    public = True

    def get(self, request, *args, **kwargs):
        self.read = page_read(
            slug=kwargs["slug"], public=self.public, related=ARTICLE_PAGE_RELATED
        )
        if self.read is None:
            if Article.objects.gone().filter(slug=kwargs["slug"]).exists():
                return render(request, "410.html", status=410)
            raise Http404("No such article.")
        # A preview is never kept: its banner tells the moment it is seen.
        stored = self.stored_page(self.read.shown) if self.public else None
        if stored and (page := stored.get()) is not None:
            return page
        self.object = self.read.article
        self.related = related_served(
            self.object, limit=ARTICLE_PAGE_RELATED, served=self.read.served
        )
        if self.related is None:
            self.related = related_live(self.object, limit=ARTICLE_PAGE_RELATED)
            # A list ranked live is more than the row says.
            if stored:
                stored = self.stored_page(
                    self.read.shown + related_digest(self.related)
                )
                if (page := stored.get()) is not None:
                    return page
        response = self.render_to_response(self.get_context_data(object=self.object))
        if stored:
            stored.keep(response.render())
        return response

    def stored_page(self, shows: str) -> StoredPage:
        return StoredPage(self.request, shows=shows, frame=self.frame)

    @functools.cached_property
    def frame(self) -> Frame:
        return request_frame(self.request, header_sections=self.read.sections)

    def get_context_data(self, **kwargs):
        Image.objects.attach_to(item.article for item in self.related)
        parts = PageParts(
            article=self.object,
            related=self.related,
            request=self.request,
            preview=kwargs.get("preview", False),
        )
        # The navigation as read with the piece, which the page is kept by.
        return super().get_context_data(
            parts=parts, header_sections=self.read.sections, **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Last-Modified"] = http_date(self.object.modified_at.timestamp())
        return response


class SearchView(ListView):
    """Public pieces matching `q`, best first, optionally of one actor or section.

    An empty query shows the form alone: there is nothing to rank.
    """

    template_name = "articles/search.html"
    context_object_name = "articles"
    paginate_by = settings.SEARCH_RESULTS_PER_PAGE

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        params = self.form.cleaned_data if self.form.is_valid() else {}
        self.terms = " ".join(params.get("q", "").split())
        self.section = params.get("section", "")
        self.entity = None
        self.actors = search_actors(self.terms)
        if entity_slug := params.get("entity", ""):
            self.entity = get_object_or_404(visible_entities(), slug=entity_slug)
        if not self.terms:
            return Article.objects.none()
        articles = Article.objects.published()
        if self.entity:
            articles = articles.tagged_with(self.entity)
        if self.section:
            articles = articles.in_section(self.section)
        return articles.search(self.terms, self.actors).with_entities().with_authors()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search_highlight(context["articles"], self.terms, self.actors)
        cards_weigh(context["articles"])
        return context | {
            "terms": self.terms,
            "section": self.section,
            "entity": self.entity,
            "actors": self.actors,
            "sections": Article.objects.published().sections(),
            "form": self.form,
        }


class ArticlePreviewView(ArticleDetailView):
    """Any piece, public or not, as readers will see it: for staff only."""

    def dispatch(self, request, *args, **kwargs):
        # A 404 rather than a login redirect, which would tell anyone the piece exists.
        if not (
            request.user.is_staff and request.user.has_perm("articles.view_article")
        ):
            raise Http404("No such article.")
        return super().dispatch(request, *args, **kwargs)

    public = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        add_never_cache_headers(response)
        return response


class RelatedListView(ListView):
    """A piece's related coverage, best first, each with why it is there."""

    template_name = "articles/related_list.html"
    context_object_name = "related"
    paginate_by = 10

    def get_queryset(self):
        self.article = get_object_or_404(
            Article.objects.published().with_entities(), slug=self.kwargs["slug"]
        )
        return related_for(self.article, limit=related_conf.RELATED_KEEP)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(article=self.article, **kwargs)
        Image.objects.attach_to(item.article for item in context["related"])
        return context


class CorrectionListView(ListView):
    """Public pieces with corrections, the most recently corrected first."""

    template_name = "articles/correction_list.html"
    context_object_name = "articles"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return (
            Article.objects.published()
            .annotate(corrected_at=Max("corrections__at"))
            .filter(corrected_at__isnull=False)
            .order_by("-corrected_at", "-id")
            .with_authors()
            .prefetch_related(
                Prefetch(
                    "corrections", queryset=Correction.objects.order_by("-at", "-id")
                )
            )
        )
