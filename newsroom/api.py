from django.http import JsonResponse
from ninja import NinjaAPI

from articles.api import router as articles_router
from authorpages.api import router as authors_router
from entitypages.api import router as entities_router

api = NinjaAPI(
    title="Newsroom API",
    version="1",
    description="Read-only access to public articles, the actors they cover "
    "and their authors.",
    urls_namespace="api",
)
api.add_router("/", articles_router)
api.add_router("/", entities_router)
api.add_router("/", authors_router)


def not_found(request, rest=""):
    """Unknown API paths answer in JSON like the rest of the API."""
    return JsonResponse({"detail": "Not Found"}, status=404)
