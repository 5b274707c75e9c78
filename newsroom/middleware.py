import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.defaults import page_not_found, server_error

request_logger = logging.getLogger("django.request")


class ReaderCacheMiddleware:
    """Cache-Control for every response: shareable for anonymous readers only.

    Anonymous pages, feeds, sitemaps and API answers may be kept for a few
    seconds by browsers and shared caches; anything a signed-in user sees, the
    admin, forms carrying a CSRF token, errors and non-GET answers are never
    stored, so staff never see a stale page and a withdrawn piece never lingers
    in a cache as an error page would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
            # Validators would let a browser revalidate a page it must not keep.
            del response["ETag"]
            del response["Last-Modified"]
        elif request.method not in {"GET", "HEAD"} or response.status_code != 200:
            patch_cache_control(response, no_store=True)
        elif not response.has_header("Cache-Control"):
            patch_cache_control(
                response, public=True, max_age=settings.READER_CACHE_SECONDS
            )
            # A signed-in user's cookie must never be answered from this copy.
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def is_personal(request) -> bool:
        match = request.resolver_match
        return (
            request.user.is_authenticated
            or (match is not None and match.app_name == "admin")
            or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        )


class ApiCorsMiddleware:
    """`Access-Control-Allow-Origin: *` on the API, and its preflights answered.

    The API is read-only and public: it shows exactly what any reader sees, so
    any site's scripts may read it. A wildcard also keeps browsers from
    sending cookies with such requests, so a signed-in editor's session can
    never be used from another site to read what only staff see.
    """

    PREFLIGHT_MAX_AGE = 24 * 3600

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(settings.API_PATH):
            return self.get_response(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in (
            request.headers
        ):
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = (
                "If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = str(self.PREFLIGHT_MAX_AGE)
        else:
            response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        # Scripts on other sites see only the simple headers unless told.
        response["Access-Control-Expose-Headers"] = "ETag, Location"
        return response


class DebugErrorPagesMiddleware:
    """In debug, the site's own 404 and 500 pages rather than Django's.

    A newcomer's first wrong address under `make run` should look like the site
    they will run, not like a crash; a developer still has the traceback, in
    the console's log, and NEWSROOM_DEBUG_TECHNICAL_ERRORS=true brings Django's
    debug pages back. Outside debug Django shows these pages by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def applies() -> bool:
        return settings.DEBUG and not settings.DEBUG_TECHNICAL_ERRORS

    def __call__(self, request):
        response = self.get_response(request)
        # An address that matches no URL pattern fails before any view, where
        # process_exception cannot see it: Django's debug page is what comes back.
        if (
            self.applies()
            and response.status_code == 404
            and not (request.resolver_match)
        ):
            response = page_not_found(request, Http404())
            patch_cache_control(response, no_store=True)
        return response

    def process_exception(self, request, exception):
        if not self.applies():
            return None
        if isinstance(exception, Http404):
            response = page_not_found(request, exception)
        else:
            request_logger.error(
                "Internal Server Error: %s", request.path, exc_info=exception
            )
            response = server_error(request)
        patch_cache_control(response, no_store=True)
        return response
