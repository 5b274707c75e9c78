from functools import wraps

from csp.decorators import csp_update
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from ninja import NinjaAPI, Swagger

from articles.api import router as articles_router
from articles.api import sections_router
from authorpages.api import router as authors_router
from entitypages.api import router as entities_router
from topicpages.api import router as topics_router

from .api_schemas import MovedPermanently

api = NinjaAPI(
    title="Newsroom API",
    version="1",
    description=(
        "Read-only access to public articles, the actors they cover, their authors, "
        "sections and topics. Every item carries `url` (its reader page) and "
        "`api_url`. Lists answer `count`, `page`, `page_size`, `next` and "
        "`previous` (absolute addresses or null); a page past the last one is a "
        "404. An unknown query parameter is a 422 naming it. Answers carry an "
        "`ETag` (send it back as `If-None-Match` for a 304) and "
        "`Access-Control-Allow-Origin: *`."
    ),
    urls_namespace="api",
    # Swagger UI as django-ninja ships it, from our static files (its
    # bundle and its own start-up script, no inline code): no CDN, and it
    # runs under the site's Content-Security-Policy. No validator badge,
    # which would load an image from swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    # Its stylesheet draws the icons as data: SVG images: harmless, and on
    # this page only.
    docs_decorator=csp_update({"img-src": ["data:"]}),
)


def reject_unknown_parameters(run):
    """An operation answers 422 to a query parameter it does not take, naming
    it: a misspelt filter (`?sectoin=`) would otherwise silently return
    everything."""
    operation = run.__self__
    known = {
        name
        for model in operation.models
        if model.__ninja_param_source__ == "query"
        for name in model.__ninja_flatten_map__
    }

    @wraps(run)
    def checked(request, **kwargs):
        unknown = sorted(set(request.GET) - known)
        if not unknown:
            return run(request, **kwargs)
        issues = [
            {
                "type": "extra_forbidden",
                "loc": ["query", name],
                "msg": f"Unknown parameter {name!r}; this address takes "
                + (", ".join(sorted(known)) or "none"),
            }
            for name in unknown
        ]
        return api.create_response(request, {"detail": issues}, status=422)

    return checked


api.add_decorator(reject_unknown_parameters, mode="view")


@api.exception_handler(MovedPermanently)
def moved_permanently(request, exc):
    return HttpResponsePermanentRedirect(exc.url)


api.add_router("/", articles_router)
api.add_router("/", entities_router)
api.add_router("/", authors_router)
api.add_router("/", sections_router)
api.add_router("/", topics_router)


def not_found(request, rest=""):
    """Unknown API paths answer in JSON like the rest of the API, but one with
    its trailing slash added or dropped where that is an API address answers
    301 to it (lists end in a slash, items do not)."""
    other = request.path[:-1] if request.path.endswith("/") else request.path + "/"
    try:
        match = resolve(other)
    except Resolver404:
        match = None
    if match is not None and match.namespace == "api":
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(other + (f"?{query}" if query else ""))
    return JsonResponse({"detail": "Not Found"}, status=404)
