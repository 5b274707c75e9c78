"""Lists of pieces, newest first, that cost the same at any depth.

Page numbers (`?page=N`) read with OFFSET, which walks every newer piece: fine
for the first pages readers click through, ruinous at page 2,500 of an actor
on 100,000 pieces. So numbered pages stop at `NEWSROOM_NUMBERED_PAGES`; from
there readers and crawlers follow "Older" / "Newer" links that name the piece
at the edge of the page they come from (`?before=<id>`, `?after=<id>`), and the
database starts from that piece's place in the (publish_at, id) order, the order
`Article.objects.newest_first()` gives, by the same index page 1 uses. A
`?page=N` beyond the numbered pages redirects to the last of them, whose
"Older" link goes on.

`KeysetPaginationMixin` gives a ListView of pieces all this; the page keeps the
`page_obj`, `paginator` and `is_paginated` names templates know, and
`includes/pagination.html` draws the links with rel="prev"/"next".
"""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.utils.functional import cached_property

from .models import Article

CURSORS = ("page", "before", "after")


class DeepPage(Exception):
    """A page number beyond the numbered pages: redirect to `url`."""

    def __init__(self, url: str):
        self.url = url


class CoveragePage:
    """One page of pieces and the addresses of its neighbours.

    `number` is the page's number when it has one, None on a page reached by
    an "Older"/"Newer" link.
    """

    def __init__(self, object_list, paginator, *, number, newer_url, older_url):
        self.object_list = object_list
        self.paginator = paginator
        self.number = number
        self.newer_url = newer_url
        self.older_url = older_url

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_other_pages(self) -> bool:
        return bool(self.newer_url or self.older_url)


def page_url(query: QueryDict, **cursor) -> str:
    """The list's address with `cursor` instead of the reader's own, other
    parameters kept."""
    params = query.copy()
    for name in CURSORS:
        params.pop(name, None)
    params.update({name: value for name, value in cursor.items() if value})
    return f"?{params.urlencode()}" if params else "?"


def coverage_page(
    queryset, query: QueryDict, *, per_page: int, paginator: Paginator
) -> CoveragePage:
    """The page of `queryset` (newest first) that `query` asks for.

    `paginator` counts the whole list (for "Page N of M" and the heading) and
    serves the numbered pages. An unknown cursor or page is Http404; a page
    number past the numbered pages raises DeepPage.
    """
    if query.get("before") or query.get("after"):
        return _keyset_page(queryset, query, per_page=per_page, paginator=paginator)
    return _numbered_page(query, paginator=paginator)


def _numbered_page(query: QueryDict, *, paginator: Paginator) -> CoveragePage:
    number = query.get("page") or "1"
    limit = settings.NEWSROOM_NUMBERED_PAGES
    try:
        number = int(number)
    except ValueError:
        raise Http404("No such page.") from None
    if number > limit:
        raise DeepPage(page_url(query, page=str(limit)))
    try:
        page = paginator.page(number)
    except InvalidPage:
        raise Http404("No such page.") from None
    pieces = list(page.object_list)
    newer_url = older_url = ""
    if number > 1:
        newer_url = page_url(query, page=str(number - 1) if number > 2 else "")
    if page.has_next():
        older_url = (
            page_url(query, page=str(number + 1))
            if number < limit
            else page_url(query, before=str(pieces[-1].pk))
        )
    return CoveragePage(
        pieces, paginator, number=number, newer_url=newer_url, older_url=older_url
    )


def _keyset_page(queryset, query, *, per_page, paginator) -> CoveragePage:
    before = bool(query.get("before"))
    try:
        edge_id = int(query["before"] if before else query["after"])
    except ValueError:
        raise Http404("No such page.") from None
    # Any piece, public or not: a link stays good after its piece is withdrawn.
    edge_at = (
        Article.objects.filter(pk=edge_id, publish_at__isnull=False)
        .values_list("publish_at", flat=True)
        .first()
    )
    if edge_at is None:
        raise Http404("No such page.")
    if before:
        # The bound on publish_at alone is what the index reads from.
        rows = list(
            queryset.filter(publish_at__lte=edge_at)
            .exclude(publish_at=edge_at, id__gte=edge_id)
            .order_by("-publish_at", "-id")[: per_page + 1]
        )
        pieces, more_older = rows[:per_page], len(rows) > per_page
        more_newer = True
    else:
        rows = list(
            queryset.filter(publish_at__gte=edge_at)
            .exclude(publish_at=edge_at, id__lte=edge_id)
            .order_by("publish_at", "id")[: per_page + 1]
        )
        pieces, more_newer = rows[:per_page][::-1], len(rows) > per_page
        more_older = True
    if not pieces:
        raise Http404("No such page.")
    newer_url = page_url(query, after=str(pieces[0].pk)) if more_newer else ""
    older_url = page_url(query, before=str(pieces[-1].pk)) if more_older else ""
    return CoveragePage(
        pieces, paginator, number=None, newer_url=newer_url, older_url=older_url
    )


class CountedPaginator(Paginator):
    """A paginator told its count, which a page's cached summary already knows."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


class KeysetPaginationMixin:
    """For a ListView of pieces, newest first: numbered first pages, then
    "Older"/"Newer" links (see the module's docstring)."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except DeepPage as deep:
            return HttpResponseRedirect(deep.url)

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = coverage_page(
            queryset, self.request.GET, per_page=page_size, paginator=paginator
        )
        return paginator, page, page.object_list, page.has_other_pages()
