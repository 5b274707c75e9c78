"""Image files made for the tests: real JPEGs with camera and GPS tags, and
files that only pretend to be images."""

import io
import struct
import zlib

from PIL import Image, ImageCms, ImageDraw

from images.models import Image as LibraryImage
from images.services import image_store

GPS_LATITUDE = (31.0, 46.0, 4.0)
CAMERA = "Camera Maker X100"
SERIAL = "SN-0042-SECRET"


def picture(size=(1600, 1000), colour=(40, 90, 160)) -> Image.Image:
    return Image.new("RGB", size, colour)


def jpeg_bytes(
    image: Image.Image | None = None, *, exif=None, icc: bytes | None = None, **save
) -> bytes:
    stream = io.BytesIO()
    options = {"quality": 90, **save}
    if exif is not None:
        options["exif"] = exif
    if icc is not None:
        options["icc_profile"] = icc
    (image or picture()).save(stream, "JPEG", **options)
    return stream.getvalue()


def encoded(image: Image.Image, format: str) -> bytes:
    stream = io.BytesIO()
    image.save(stream, format)
    return stream.getvalue()


def revealing_exif(orientation: int = 1) -> Image.Exif:
    """EXIF such as a phone writes: where, with what camera, its serial."""
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    exif[0x0110] = CAMERA  # Model
    exif[0x0112] = orientation
    exif[0x0131] = "Phone OS 17"  # Software
    exif.get_ifd(0x8769)[0xA431] = SERIAL  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", GPS_LATITUDE
    gps[3], gps[4] = "E", (35.0, 13.0, 2.0)
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` × `height` and holds (almost) nothing: only
    reading its header is safe, decoding it would fail."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def dotted(size=(1600, 1000), dot=(0.8, 0.2)) -> Image.Image:
    """Grey, with one red dot at `dot` (x, y in 0–1)."""
    image = picture(size, (128, 128, 128))
    x, y = dot[0] * size[0], dot[1] * size[1]
    ImageDraw.Draw(image).ellipse([x - 30, y - 30, x + 30, y + 30], fill=(255, 0, 0))
    return image


def library_image(data: bytes | None = None, **fields) -> LibraryImage:
    fields = {"alt": "A blue rectangle.", "caption": "Blue", "credit": "Test", **fields}
    return image_store(image=LibraryImage(**fields), data=data or jpeg_bytes())
