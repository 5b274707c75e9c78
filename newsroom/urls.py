from django.contrib import admin
from django.urls import include, path

from .api import api, not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("api/<path:rest>", not_found),
    path("entities/", include("entities.urls")),
    path("", include("articles.urls")),
]
