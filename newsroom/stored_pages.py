"""Whole pages kept in the cache by what they show, served before any template.

The page cache (newsroom.page_cache) answers by address, and every write readers
see makes all its pages stale at once, so on a busy desk most pages are built
afresh though nearly all of them show what they showed before the write. A
view that can say what its page shows, from what it read of the database in
that request (`shows`: a digest of it, as articles.page_read gives for a
piece), keeps the page under that, its canonical address (scheme, host, the
parameters that choose what it shows) and a digest of its frame's rendering
(newsroom.frame: the navigation's sections, the site's name, the addresses of
its stylesheet and icons). The next request that reads the same is answered
with it: no context, no template, no other read. The database has still been
asked in that request, so it still decides whether the page may be shown.

The inline scripts a page admitted (its JSON-LD) are kept with it and admitted
again (newsroom.csp), and so is its Last-Modified. Entries are never stale, so
nothing removes them; RENDER_CACHE_SECONDS bounds how long an unread one takes
room. With DEBUG on nothing is kept, so that a template edit shows.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import set_response_etag

from .addresses import canonical_address
from .csp import admit_script_hashes, admitted_script_hashes
from .frame import Frame, frame_digest

# Headers of what the page shows: the view's, and the ETag of its content,
# made once here rather than by ConditionalGetMiddleware on every answer.
_KEPT_HEADERS = ("Content-Type", "Last-Modified", "ETag")


class StoredPage:
    """The page kept for `request` under what it shows (`shows`) in `frame`:
    `get()` it, or `keep()` the answer rendered for it."""

    def __init__(self, request, *, shows: str, frame: Frame):
        self.request = request
        # Those admitted from here on are the page's own (its rendering's).
        self.admitted_before = len(admitted_script_hashes(request))
        self.key = None if settings.DEBUG else _key(request, shows, frame)

    def get(self) -> HttpResponse | None:
        """The kept page; None: none is kept."""
        stored = cache.get(self.key) if self.key else None
        if stored is None:
            return None
        content, hashes, headers = stored
        admit_script_hashes(self.request, hashes)
        return HttpResponse(content, headers=headers)

    def keep(self, response) -> None:
        """Keep `response`, rendered, with the inline scripts it admitted."""
        if not self.key or response.status_code != 200:
            return
        hashes = admitted_script_hashes(self.request)[self.admitted_before :]
        set_response_etag(response)
        headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
        cache.set(
            self.key,
            (response.content, hashes, headers),
            settings.RENDER_CACHE_SECONDS,
        )


def _key(request, shows: str, frame: Frame) -> str:
    shown = repr((shows, canonical_address(request), frame_digest(frame)))
    return "page-shown:" + hashlib.blake2b(shown.encode(), digest_size=16).hexdigest()
