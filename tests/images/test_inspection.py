import pytest
from PIL import Image

from images.inspection import ImageRefused, inspect_image

from .pictures import HTML, SVG, encoded, jpeg_bytes, picture, png_header

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("format", "expected"),
    [("JPEG", "jpeg"), ("PNG", "png"), ("WEBP", "webp"), ("AVIF", "avif")],
)
def test_each_accepted_format_is_recognised_by_its_content(format, expected):
    inspected = inspect_image(encoded(picture((300, 200)), format))
    assert (inspected.format, inspected.width, inspected.height) == (expected, 300, 200)


def test_a_quarter_turned_photo_is_measured_as_it_is_seen():
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown portrait
    inspected = inspect_image(jpeg_bytes(picture((400, 300)), exif=exif))
    assert (inspected.width, inspected.height) == (300, 400)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (SVG, "SVG is not accepted"),
        (b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'/>", "SVG is not"),
        (HTML, "not a JPEG, PNG, WebP or AVIF image"),
        (b"GIF89a" + b"\x00" * 40, "not a JPEG, PNG, WebP or AVIF image"),
        (b"", "not a JPEG, PNG, WebP or AVIF image"),
        (jpeg_bytes()[:2000], "damaged or cut short"),
    ],
    ids=["svg", "svg-with-bom", "html", "gif", "empty", "truncated-jpeg"],
)
def test_what_is_not_an_accepted_image_is_refused_with_a_reason(data, reason):
    with pytest.raises(ImageRefused, match=reason):
        inspect_image(data)


@pytest.mark.parametrize(
    ("width", "height"),
    # Past our limit only, and past Pillow's own decompression-bomb limit too.
    [(8000, 7000), (20_000, 20_000)],
)
def test_more_than_50_megapixels_is_refused_from_the_header_alone(width, height):
    """The file holds no pixels worth decoding: were it decoded, it would be
    refused as damaged, not as too large."""
    with pytest.raises(ImageRefused, match="too large.*limit is 50 megapixels"):
        inspect_image(png_header(width, height))


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 10 * 1024
    with pytest.raises(ImageRefused, match="the limit is 10 KB"):
        inspect_image(jpeg_bytes() + b"\x00" * 10 * 1024)
