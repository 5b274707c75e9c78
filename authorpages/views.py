from django.conf import settings
from django.urls import reverse
from django.views.generic import ListView

from articles.models import Article
from articles.pagination import KeysetPaginationMixin
from newsroom.json_ld import json_ld_script, json_ld_text

from .queries import find_author, public_authors
from .structured_data import profile_page_data


class AuthorListView(ListView):
    """Everyone with public pieces, A–Z, with how many."""

    template_name = "authorpages/author_list.html"
    context_object_name = "authors"
    paginate_by = 200

    def get_queryset(self):
        return public_authors().order_by("name_key", "id")


class AuthorDetailView(KeysetPaginationMixin, ListView):
    """An author: who they are, their links, and their public pieces, newest first.

    An author without a public piece is a 404, like a slug nobody has.
    """

    template_name = "authorpages/author_detail.html"
    context_object_name = "articles"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        self.author = find_author(self.kwargs["slug"])
        return (
            Article.objects.published()
            .by_author(self.author)
            .newest_first()
            .with_entities()
            .with_authors()
        )

    def get_context_data(self, **kwargs):
        slug = {"slug": self.author.slug}
        data = json_ld_text(profile_page_data(self.author, self.request))
        return super().get_context_data(
            author=self.author,
            feed_url=reverse("authors:feed", kwargs=slug),
            atom_url=reverse("authors:atom", kwargs=slug),
            structured_data=json_ld_script(self.request, data),
            **kwargs,
        )
