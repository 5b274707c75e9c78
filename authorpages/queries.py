"""Which authors readers may see: those with a public piece, and nobody else."""

from django.db.models import Count
from django.http import Http404

from articles.models import public_q
from authors.models import Author


def public_authors():
    """Authors credited on at least one public piece, each with `article_count`."""
    return Author.objects.annotate(
        article_count=Count(
            "article_links", filter=public_q("article_links__article__")
        )
    ).filter(article_count__gt=0)


def find_author(slug: str) -> Author:
    """The author at `slug` if readers may see them; otherwise Http404, exactly
    as for a slug nobody has, so a page cannot tell the two apart."""
    author = public_authors().select_related("photo").filter(slug=slug).first()
    if author is None:
        raise Http404("No such author.")
    return author
