from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

FAVICON = "img/favicon.ico"
# Drawn by static/img/draw_icons.py.
APP_ICONS = {192: "img/icon-192.png", 512: "img/icon-512.png"}


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


@require_safe
def web_manifest(request):
    """What a phone needs to put the site on its home screen. A view rather
    than a static file: the icons' addresses are the static storage's (hashed
    in production) and the name is the site's own."""
    manifest = {
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME,
        "start_url": "/",
        "display": "browser",
        "background_color": "#fdfdfb",
        "theme_color": "#1a1a1a",
        "icons": [
            {"src": static(name), "sizes": f"{size}x{size}", "type": "image/png"}
            for size, name in APP_ICONS.items()
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")
