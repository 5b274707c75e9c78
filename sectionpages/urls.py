from django.urls import path

from . import feeds, views

app_name = "sections"

urlpatterns = [
    path("<slug:slug>/", views.SectionView.as_view(), name="detail"),
    path("<slug:slug>/feed/", feeds.SectionFeed(), name="feed"),
    path("<slug:slug>/atom/", feeds.SectionAtomFeed(), name="atom"),
]
