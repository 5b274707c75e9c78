"""Whole reader pages kept in the cache and served without the database.

What is stored is exactly what ReaderCacheMiddleware lets browsers and proxies
share (`Cache-Control: public`: anonymous GETs of pages, feeds, sitemaps,
robots.txt and the API, answered 200) and sets no cookie. It is served only to
requests without a session cookie: nobody who could be signed in gets a stored
page, and a hit reads neither the session nor the database.

Freshness does not wait for an expiry. Every key holds the site's content
generation, which `pages_changed()` replaces once a write commits. Every write
readers can see calls it: articles.changes.articles_changed, where every
article write and every merge ends, and deletes and actor edits in the admin.
So the next reader gets a page built after the change. No write marks a
scheduled piece's time coming, so no page outlives the next scheduled
publication either. PAGE_CACHE_SECONDS only bounds how long an unused page
takes room (and how long a write made where none of these hooks runs, such as
in `manage.py shell`, may take to show).
"""

import hashlib
import time
import uuid
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, set_response_etag

from .resilience import UNAVAILABLE

_GENERATION = "pages:generation"


class Generation(NamedTuple):
    token: str
    # When the last change committed (time.time()); 0 when none is known.
    changed_at: float


def pages_changed() -> None:
    """Make every stored page stale once the current transaction commits."""
    transaction.on_commit(_next_generation)


def _next_generation() -> None:
    # A fresh token rather than a counter: should Redis lose the key, no new
    # count could ever come back to the keys of pages stored before a change.
    cache.set(_GENERATION, Generation(uuid.uuid4().hex, time.time()), timeout=None)


class PagesChangedOnDeleteMixin:
    """For a ModelAdmin whose deletes readers would otherwise still see."""

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        pages_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        pages_changed()


def current_generation() -> Generation:
    return cache.get_or_set(
        _GENERATION, lambda: Generation(uuid.uuid4().hex, 0.0), timeout=None
    )


class PageCacheMiddleware:
    """Answer anonymous GETs from the cache; store the shareable answers.

    Sits below ConditionalGetMiddleware, so a stored page still answers 304 to
    its ETag, and above the session, so a hit never reads the session.
    """

    # How long a page may be kept, given the longest wanted: set by the content
    # app at ready() (articles: not past the next scheduled publication), as
    # infrastructure knows no app.
    lifetime = staticmethod(lambda seconds: seconds)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.PAGE_CACHE_SECONDS and is_anonymous_get(request)):
            return self.get_response(request)
        generation = current_generation()
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"page:{generation.token}:{address}"
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if is_shareable(response):
            try:
                lifetime = self.lifetime(settings.PAGE_CACHE_SECONDS)
            except UNAVAILABLE:
                # A page made without the database (robots.txt) is still served
                # while it is down, just not kept: how long it may be is unknown.
                return response
            # Hashed once here rather than by ConditionalGetMiddleware on each hit.
            set_response_etag(response)
            cache.set(key, (response.content, dict(response.items())), lifetime)
        return response


def is_anonymous_get(request) -> bool:
    """A GET from someone who cannot be signed in: they carry no session."""
    return (
        request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES
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
