"""The site's addresses and /_trivial/: a Django view through the whole
middleware stack that reads nothing, the machine's ceiling for a page."""

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import handler500  # noqa: F401 (the site's error page)
from newsroom.urls import urlpatterns as site


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_trivial/", trivial), *site]
