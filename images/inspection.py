"""What an uploaded file is, judged by its content before anything is stored.

A file is refused, with a reason a person can act on, when it is too big, an
SVG (markup that can carry scripts), not a JPEG, PNG, WebP or AVIF whatever its
name says, more than IMAGE_MAX_PIXELS (read from its header, before anything is
decoded), or damaged.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import ExifTags, Image, UnidentifiedImageError, features

# Pillow's format names → ours; AVIF only where this Pillow reads it.
ACCEPTED = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
if features.check("avif"):
    ACCEPTED["AVIF"] = "avif"
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "avif": "avif"}
MEDIA_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "avif": "image/avif",
}
# EXIF orientations that turn the picture a quarter: width and height swap.
_QUARTER_TURNS = {5, 6, 7, 8}


class ImageRefused(ValueError):
    """A file that is not taken into the library; `reason` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Inspected:
    format: str
    # As the picture is seen, its EXIF orientation applied.
    width: int
    height: int
    sha256: str


def accepted_names() -> str:
    names = [{"WEBP": "WebP"}.get(name, name) for name in ACCEPTED]
    return ", ".join(names[:-1]) + " or " + names[-1]


def check_size(size: int) -> None:
    """Refuse a file over the size limit before reading it."""
    if size > settings.IMAGE_MAX_BYTES:
        raise ImageRefused(
            f"the file is {_amount(size)}; the limit is "
            f"{_amount(settings.IMAGE_MAX_BYTES)}"
        )


def _amount(size: int) -> str:
    if size >= 1024**2:
        return f"{size / 1024**2:.1f} MB"
    return f"{size / 1024:.0f} KB"


def inspect_image(data: bytes) -> Inspected:
    """The format and size of the picture in `data`, or ImageRefused."""
    check_size(len(data))
    if _is_svg(data):
        raise ImageRefused(
            f"SVG is not accepted (it is markup that can carry scripts): "
            f"use a {accepted_names()}"
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns from ~89 megapixels; our own limit is lower.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data), formats=list(ACCEPTED))
    except Image.DecompressionBombError:
        # Past Pillow's own limit, which it checks from the header too.
        pillow_limit = 2 * Image.MAX_IMAGE_PIXELS / 1e6
        raise ImageRefused(
            _too_many_pixels(f"over {pillow_limit:.0f} megapixels")
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRefused(
            f"not a {accepted_names()} image: its content is not one, "
            "whatever its name says"
        ) from None
    with picture:
        width, height = picture.size
        if width * height > settings.IMAGE_MAX_PIXELS:
            raise ImageRefused(_too_many_pixels(f"{width} × {height}"))
        try:
            picture.load()
        except (OSError, SyntaxError, ValueError) as error:
            raise ImageRefused(f"the image is damaged or cut short ({error})") from None
        orientation = picture.getexif().get(ExifTags.Base.Orientation)
        if orientation in _QUARTER_TURNS:
            width, height = height, width
        return Inspected(
            format=ACCEPTED[picture.format],
            width=width,
            height=height,
            sha256=hashlib.sha256(data).hexdigest(),
        )


def _too_many_pixels(size: str) -> str:
    limit = settings.IMAGE_MAX_PIXELS / 1e6
    return f"the image is too large ({size}): the limit is {limit:.0f} megapixels"


def _is_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<svg") or (
        head.startswith((b"<?xml", b"<!doctype svg", b"<!--")) and b"<svg" in head
    )
