from django.urls import path

from . import feeds, views

app_name = "topicpages"

urlpatterns = [
    path("", views.TopicListView.as_view(), name="index"),
    path("<slug:slug>/", views.TopicDetailView.as_view(), name="detail"),
    path("<slug:slug>/feed/", feeds.TopicFeed(), name="feed"),
    path("<slug:slug>/atom/", feeds.TopicAtomFeed(), name="atom"),
]
