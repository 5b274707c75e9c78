from django.urls import path

from . import feeds, views

app_name = "authors"

urlpatterns = [
    path("", views.AuthorListView.as_view(), name="index"),
    path("<slug:slug>/", views.AuthorDetailView.as_view(), name="detail"),
    path("<slug:slug>/feed/", feeds.AuthorFeed(), name="feed"),
    path("<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="atom"),
]
