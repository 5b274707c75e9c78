"""Renditions served by Django itself, from whatever storage holds them.

For `make run` and small set-ups (settings.SERVE_MEDIA, on in debug): in
production object storage, a CDN or the proxy serves them (docs/operators.md,
"Storage for images").
Only renditions are served: originals keep their camera and location metadata.
"""

import mimetypes
import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

PUBLIC_PREFIX = "renditions/"
# A rendition's name says what it was made from, so its content never changes.
YEAR = 365 * 24 * 3600


def serve_rendition(request, name: str):
    name = posixpath.normpath(name)
    if not name.startswith(PUBLIC_PREFIX):
        raise Http404("No such file.")
    try:
        stream = default_storage.open(name, "rb")
    except (FileNotFoundError, SuspiciousFileOperation):
        raise Http404("No such file.") from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(stream, content_type=content_type)
    patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    return response
