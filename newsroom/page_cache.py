"""Whole reader pages kept in the cache and served without the database.

What is stored is exactly what ReaderCacheMiddleware lets browsers and proxies
share (`Cache-Control: public`: anonymous GETs of pages, feeds, sitemaps,
robots.txt and the API, answered 200) and sets no cookie. It is served only to
requests without a session cookie, to GETs and HEADs alike: nobody who could be
signed in gets a stored page, and a hit reads neither the session nor the
database. A HEAD that misses is answered afresh and not stored, so no view's
answer to a HEAD can ever stand in for a GET's.

Which addresses are stored. A page is keyed on its scheme, host, path and the
query parameters that choose what it shows, sorted: the apps name them at
ready() (`PageCacheMiddleware.parameters`), each of a Parameter kind. A request
with any other parameter (utm_*, fbclid, a typo), a repeated one or a number
spelled other than plainly (`page=01`) is answered but neither looked up nor
stored: pages echo their query string in their links, so it would be served a
page made for another address, and anyone could fill the cache with them. What
is left is bounded by what exists, since only answers 200 are stored (a page
past the end is a 404): but free text (Parameter.TEXT: search words, a section
name) is not, so at most PAGE_CACHE_TEXT_PAGES answers with free text are
stored per PAGE_CACHE_SECONDS.

Freshness does not wait for an expiry, and does not trust the cache to have
heard of a change: a Redis can lose a write, refuse it (read-only after a
failover, full) or come back with what it held before. So the site's content
generation lives in the database (newsroom.models.ContentGeneration), and
Redis only holds a copy. Every stored page and actor summary carries the
generation it was made under and is served only while that is the current one:
the newer of Redis's copy (read with the page, in the same round trip) and the
database's, which each process reads again at most every
PAGE_GENERATION_RECHECK_SECONDS (one query by primary key). So with a healthy
cache the next reader gets a page built after a change, and when the cache
missed the change it shows within that period. Entries are keyed on the
address alone and replaced when made again, so a change leaves no orphans.

`pages_changed()` moves the generation on with one UPDATE once the write has
committed, then copies it to Redis. Not inside the write's transaction: the
row would be locked until commit, making every writer wait for the slowest (an
import) and deadlock with the rows they lock. The hook is robust: should the
database fail it, the hooks after it still run. Every write readers can see
calls it: articles.changes.articles_changed, where every article write and
every merge ends, and deletes and actor edits in the admin. No write marks a
scheduled piece's time coming, so no page outlives the next scheduled
publication either.
PAGE_CACHE_SECONDS only bounds how long an unused page takes room, and how long
a change may take to show when no hook moved the generation: a write made in
`manage.py shell`, or one whose database failed between its commit and the
UPDATE.
"""

import enum
import hashlib
import re
import time
import uuid
from collections.abc import Callable
from contextlib import suppress
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, set_response_etag

from .csp import admit_script_hashes, admitted_script_hashes
from .models import ContentGeneration
from .resilience import UNAVAILABLE

_GENERATION = "content-generation"


class Generation(NamedTuple):
    # Of two generations, the one with the higher number is the newer.
    number: int
    # What stored entries carry: new with every change.
    token: str
    # When the last change committed (time.time()); 0 when none is known.
    changed_at: float


_NONE_YET = Generation(0, "", 0.0)


class _Committed:
    """The generation the database held when this process last asked."""

    generation = _NONE_YET
    asked_at = float("-inf")


def pages_changed() -> None:
    """Make every stored page stale once the current transaction commits."""
    # Robust: a database failing here must not stop the hooks after it.
    transaction.on_commit(_next_generation, robust=True)


def _next_generation() -> None:
    now = timezone.now()
    moved = ContentGeneration.objects.filter(pk=1).update(
        number=F("number") + 1, token=uuid.uuid4().hex, changed_at=now
    )
    if not moved:
        # The first change ever. Should another process create the row first,
        # its generation is as new as this change: both came after its commit.
        ContentGeneration.objects.get_or_create(
            pk=1, defaults={"number": 1, "token": uuid.uuid4().hex, "changed_at": now}
        )
    # The cache tells every process at once; should it fail to, each learns
    # it from the database within PAGE_GENERATION_RECHECK_SECONDS.
    cache.set(_GENERATION, tuple(_read_generation()), timeout=None)


def _read_generation() -> Generation:
    row = (
        ContentGeneration.objects.using(DEFAULT_DB_ALIAS)
        .filter(pk=1)
        .values_list("number", "token", "changed_at")
        .first()
    )
    if row is None:
        return _NONE_YET
    number, token, changed_at = row
    return Generation(number, token, changed_at.timestamp())


def _committed_generation() -> Generation:
    clock = time.time()
    if 0 <= clock - _Committed.asked_at < settings.PAGE_GENERATION_RECHECK_SECONDS:
        return _Committed.generation
    # Nothing commits while the database is out of reach, so what it said
    # last still holds until it can be asked again, after the period.
    with suppress(*UNAVAILABLE):
        _Committed.generation = _read_generation()
    _Committed.asked_at = clock
    return _Committed.generation


@receiver(setting_changed)
def _forget_committed_generation(setting, **kwargs):
    # A new period applies from the next request, as after a restart.
    if setting == "PAGE_GENERATION_RECHECK_SECONDS":
        _Committed.asked_at = float("-inf")


def _newest(published: tuple | None) -> Generation:
    committed = _committed_generation()
    if published is not None and published[0] > committed.number:
        return Generation(*published)
    return committed


def current_generation() -> Generation:
    return _newest(cache.get(_GENERATION))


def fresh_get(key: str) -> tuple[Generation, Any]:
    """The current generation, and what `key` holds if stored under it (else None).

    One round trip to the cache for both.
    """
    found = cache.get_many([_GENERATION, key])
    generation = _newest(found.get(_GENERATION))
    token, value = found.get(key, ("", None))
    return generation, (value if token == generation.token else None)


def fresh_set(key: str, value: Any, *, generation: Generation, timeout: int) -> None:
    """Store `value`, made under `generation` (read before it was made)."""
    cache.set(key, (generation.token, value), timeout)


def fresh_cached(
    key: str, make: Callable[[], Any], *, timeout: Callable[[], float]
) -> Any:
    """What `key` holds under the current generation, else `make()`, stored
    for `timeout()` seconds (asked only then: it may cost a query)."""
    generation, value = fresh_get(key)
    if value is None:
        value = make()
        fresh_set(key, value, generation=generation, timeout=timeout())
    return value


class PagesChangedOnDeleteMixin:
    """For a ModelAdmin whose deletes readers would otherwise still see."""

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        pages_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        pages_changed()


class Parameter(enum.Enum):
    """What a query parameter that chooses what a page shows may hold."""

    # One of a few values, anything else answered 404: a kind, a letter, a slug.
    CHOICE = "choice"
    # A page number or a count: stored only as spelt plainly ("2", not "02").
    NUMBER = "number"
    # Free text, answered 200 whatever it is: search words, a section's name.
    TEXT = "text"


_PLAIN_NUMBER = re.compile(r"[1-9][0-9]*")


class Address(NamedTuple):
    key: str
    text: bool


def page_address(request) -> Address | None:
    """Where the answer to `request` is stored; None when it is not."""
    chosen = []
    text = False
    for name, values in request.GET.lists():
        kind = PageCacheMiddleware.parameters.get(name)
        if kind is None or len(values) != 1:
            return None
        if kind is Parameter.NUMBER and not _PLAIN_NUMBER.fullmatch(values[0]):
            return None
        text = text or kind is Parameter.TEXT
        chosen.append((name, values[0]))
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    query = urlencode(sorted(chosen))
    digest = hashlib.sha256(f"{address}?{query}".encode()).hexdigest()
    return Address(f"page:{digest}", text)


def text_page_admitted() -> bool:
    """Whether one more answer with free text may be stored in this period."""
    window = int(time.time() // settings.PAGE_CACHE_SECONDS)
    key = f"pages:text-count:{window}"
    # Entries stored in a period are gone by the end of the next one.
    cache.add(key, 0, 2 * settings.PAGE_CACHE_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        # Evicted between the two calls: when in doubt, do not store.
        return False
    return count is not None and count <= settings.PAGE_CACHE_TEXT_PAGES


class PageCacheMiddleware:
    """Answer anonymous GETs from the cache; store the shareable answers.

    Sits below ConditionalGetMiddleware, so a stored page still answers 304 to
    its ETag, and above the session, so a hit never reads the session.
    """

    # How long a page may be kept, given the longest wanted: set by the content
    # app at ready() (articles: not past the next scheduled publication), as
    # infrastructure knows no app.
    lifetime = staticmethod(lambda seconds: seconds)
    # The query parameters that choose what a page shows, by name: the apps
    # add theirs at ready(). Sitemaps are paged by Django's own `p`.
    parameters: dict[str, Parameter] = {"p": Parameter.NUMBER}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.PAGE_CACHE_SECONDS and is_anonymous_get(request)):
            return self.get_response(request)
        address = page_address(request)
        if address is None:
            return self.get_response(request)
        generation, stored = fresh_get(address.key)
        if stored is not None:
            content, headers, script_hashes = stored
            # The policy is written above, from what the page admitted.
            admit_script_hashes(request, script_hashes)
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if (
            request.method == "GET"
            and is_shareable(response)
            and (not address.text or text_page_admitted())
        ):
            try:
                lifetime = self.lifetime(settings.PAGE_CACHE_SECONDS)
            except UNAVAILABLE:
                # A page made without the database (robots.txt) is still served
                # while it is down, just not kept: how long it may be is unknown.
                return response
            # Hashed once here rather than by ConditionalGetMiddleware on each hit.
            set_response_etag(response)
            fresh_set(
                address.key,
                (
                    response.content,
                    dict(response.items()),
                    admitted_script_hashes(request),
                ),
                generation=generation,
                timeout=lifetime,
            )
        return response


def is_anonymous_get(request) -> bool:
    """A GET (or HEAD) from someone who cannot be signed in: no session cookie."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_shareable(response) -> bool:
    cache_control = {
        part.strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    vary = {
        part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))
    }
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in cache_control
        # Stored pages are keyed on the address alone; that is all they may vary on.
        and vary <= {"cookie", ""}
    )
