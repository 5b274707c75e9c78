from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("", views.EntityListView.as_view(), name="index"),
    path("<slug:slug>/", views.EntityDetailView.as_view(), name="detail"),
]
