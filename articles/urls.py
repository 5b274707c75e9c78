from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/latest/", feeds.LatestArticlesFeed(), name="latest-feed"),
    path("feeds/latest/atom/", feeds.LatestArticlesAtomFeed(), name="latest-atom"),
    path(
        "articles/<slug:slug>/preview/",
        views.ArticlePreviewView.as_view(),
        name="preview",
    ),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("corrections/feed/", feeds.CorrectionsFeed(), name="corrections-feed"),
    path("corrections/atom/", feeds.CorrectionsAtomFeed(), name="corrections-atom"),
    path(
        "articles/<slug:slug>/related/",
        views.RelatedListView.as_view(),
        name="related",
    ),
]
