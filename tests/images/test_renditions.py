import io

import numpy
import pytest
from django.core.files.storage import default_storage
from PIL import Image

from images.models import Image as LibraryImage
from images.renditions import RATIOS, renditions_make
from images.services import image_save

from .pictures import (
    CAMERA,
    GPS_LATITUDE,
    SERIAL,
    dotted,
    jpeg_bytes,
    library_image,
    picture,
    revealing_exif,
    srgb_profile,
)

pytestmark = pytest.mark.django_db


def opened(name: str) -> Image.Image:
    with default_storage.open(name, "rb") as stream:
        image = Image.open(io.BytesIO(stream.read()))
        image.load()
    return image


def test_the_test_photo_does_carry_gps_camera_and_serial():
    original = Image.open(io.BytesIO(jpeg_bytes(exif=revealing_exif())))
    exif = original.getexif()
    assert exif[0x0110] == CAMERA
    assert exif.get_ifd(0x8825)[2] == GPS_LATITUDE
    assert exif.get_ifd(0x8769)[0xA431] == SERIAL


def test_no_rendition_keeps_gps_camera_serial_or_xmp_but_all_keep_the_profile():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>31,46N'
    profile = srgb_profile()
    data = jpeg_bytes(exif=revealing_exif(), icc=profile, xmp=xmp)
    assert b"GPSLatitude" in data and SERIAL.encode() in data
    image = library_image(data)
    assert len(image.renditions) >= 10
    for entry in image.renditions:
        rendition = opened(entry["name"])
        exif = rendition.getexif()
        assert not exif.get_ifd(0x8825), entry["name"]
        assert 0x0110 not in exif and 0x010F not in exif and 0x0131 not in exif
        assert not exif.get_ifd(0x8769)
        assert "xmp" not in rendition.info and "XML:com.adobe.xmp" not in rendition.info
        raw = default_storage.open(entry["name"]).read()
        assert SERIAL.encode() not in raw and CAMERA.encode() not in raw
        assert b"GPSLatitude" not in raw
        assert rendition.info.get("icc_profile") == profile
    # The original is kept as it came, metadata and all, for the archive.
    assert default_storage.open(image.file.name).read() == data


@pytest.mark.parametrize("orientation", [6, 8, 3])
def test_renditions_are_turned_upright_as_the_exif_orientation_says(orientation):
    """Stored landscape with the camera's red top edge; shown as EXIF says."""
    stored = picture((800, 400), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 800, 40))
    image = library_image(jpeg_bytes(stored, exif=revealing_exif(orientation)))
    widest = opened(image.renditions_for("width")[-1].name)
    if orientation == 3:
        assert widest.size == (800, 400)
        assert widest.getpixel((400, 395))[0] > 200  # the red edge now at the bottom
    else:
        assert (image.width, image.height) == (400, 800)
        assert widest.size == (400, 800)
        red_edge = (395, 400) if orientation == 6 else (4, 400)
        assert widest.getpixel(red_edge)[0] > 200
    assert widest.getpixel((200, 200))[2] > 200


@pytest.mark.parametrize("focal", [(0.8, 0.2), (0.05, 0.95), (0.5, 0.5), (1.0, 0.0)])
def test_every_crop_contains_the_focal_point(focal):
    image = library_image(
        jpeg_bytes(dotted((2000, 900), dot=focal)), focal_x=focal[0], focal_y=focal[1]
    )
    crops = [opened(e["name"]) for e in image.renditions if e["ratio"]]
    assert {e["ratio"] for e in image.renditions if e["ratio"]} == set(RATIOS)
    for crop in crops:
        pixels = numpy.asarray(crop.convert("RGB")).astype(int)
        red = (pixels[..., 0] > 200) & (pixels[..., 1] < 80) & (pixels[..., 2] < 80)
        assert red.any(), crop.size


def test_the_crops_have_their_ratios_and_google_s_50000_pixels():
    image = library_image(jpeg_bytes(picture((3000, 2000))))
    shapes = {r.ratio: (r.width, r.height) for r in image.sharing}
    assert shapes == {"16:9": (1200, 675), "4:3": (1200, 900), "1:1": (1200, 1200)}
    assert all(w * h >= 50_000 for w, h in shapes.values())


def test_a_small_original_is_never_enlarged():
    image = library_image(jpeg_bytes(picture((200, 150))))
    assert [r.width for r in image.renditions_for("width", "webp")] == [200]
    assert all(e["width"] <= 200 for e in image.renditions)


def test_moving_the_focal_point_makes_new_crops_and_drops_the_old(
    django_capture_on_commit_callbacks,
):
    image = library_image(jpeg_bytes(dotted()))
    before = {e["name"] for e in image.renditions}
    image.focal_x, image.focal_y = 0.8, 0.2
    with django_capture_on_commit_callbacks(execute=True):
        image_save(image=image)
    after = {e["name"] for e in LibraryImage.objects.get(pk=image.pk).renditions}
    widths = {e["name"] for e in image.renditions if e["ratio"] is None}
    assert widths <= before & after
    dropped = before - after
    assert dropped and all("-f0500" in name for name in dropped)
    assert all("-f08000200" in name for name in after - widths)
    assert not any(default_storage.exists(name) for name in dropped)
    assert all(default_storage.exists(name) for name in after)


def test_renditions_already_made_are_not_made_again():
    image = library_image()
    made = renditions_make(image)
    assert made == []
