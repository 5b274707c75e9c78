from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

FAVICON = "img/favicon.ico"


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-news'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def favicon(request):
    """The icon at the address browsers and feed readers ask for without a link."""
    return FileResponse(open(finders.find(FAVICON), "rb"), content_type="image/x-icon")
