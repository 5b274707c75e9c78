from django.urls import path, register_converter

from . import feeds, views
from .converters import SlugSetConverter

register_converter(SlugSetConverter, "slugs")

app_name = "entities"

urlpatterns = [
    path("", views.EntityListView.as_view(), name="index"),
    path("<slug:slug>/", views.EntityDetailView.as_view(), name="detail"),
    path("<slug:slug>/feed/", feeds.EntityFeed(), name="feed"),
    path("<slug:slug>/atom/", feeds.EntityAtomFeed(), name="atom"),
    path("<slugs:slugs>/", views.EntityCombinationView.as_view(), name="combination"),
    path("<slugs:slugs>/feed/", feeds.EntityFeed(), name="combination_feed"),
    path("<slugs:slugs>/atom/", feeds.EntityAtomFeed(), name="combination_atom"),
]
