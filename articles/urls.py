from django.urls import path

from . import site_feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/latest/", site_feeds.LatestArticlesFeed(), name="latest-feed"),
    path("feeds/latest/atom/", site_feeds.LatestArticlesAtomFeed(), name="latest-atom"),
    path(
        "articles/<slug:slug>/preview/",
        views.ArticlePreviewView.as_view(),
        name="preview",
    ),
]
