"""Renditions: the resized and cropped copies of an original that readers get.

Made once per original, when it is uploaded or imported (about 1.5 s for a
24-megapixel JPEG, benchmarks/README.md), and kept in the storage under names
made from what they depend on, so no reader's request ever makes one:

- widths of the whole picture (WIDTHS up to the original's own width, never
  wider) in AVIF and WebP, for the article page's <picture> and the actor page;
- the three ratios Google asks of article images, cropped around the focal
  point: SHARE_WIDTH wide in JPEG, which every sharing site and search engine
  takes (JSON-LD, og:image, feeds, the news sitemap);
- small 4:3 crops for the cards (CARD_WIDTHS).

Every rendition is written from pixels alone, so no EXIF or XMP (GPS position,
camera, serial numbers) of the original reaches it; the colour profile is kept
and the EXIF orientation applied. Where Pillow has no AVIF, JPEG takes its place.
"""

import io
from dataclasses import dataclass

from PIL import Image as Picture
from PIL import ImageCms, ImageOps, features

from .inspection import EXTENSIONS
from .storage import file_read, file_save, files_delete_on_commit

WIDTHS = (320, 640, 960, 1280, 1920, 2400)
CARD_WIDTHS = (160, 320)
SHARE_WIDTH = 1200
RATIOS = {"16:9": (16, 9), "4:3": (4, 3), "1:1": (1, 1)}
CARD_RATIO = "4:3"
# The formats of the widths and cards, best first; the last is what an <img>
# falls back to in a browser that takes none of the others.
FORMATS = ("avif", "webp") if features.check("avif") else ("webp", "jpeg")
SHARE_FORMAT = "jpeg"
_SAVE_OPTIONS = {
    # Speed 8 encodes about twice as fast as the default 6 for files ~5 % larger.
    "avif": {"quality": 60, "speed": 8},
    "webp": {"quality": 80},
    "jpeg": {"quality": 85, "optimize": True, "progressive": True},
}
_PILLOW_FORMATS = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}


@dataclass(frozen=True)
class Spec:
    # "width" (the whole picture), "share" or "card" (crops).
    purpose: str
    width: int
    format: str
    ratio: str | None = None

    def name(self, key: str, focal: str) -> str:
        """Where it is stored: a crop's name has the focal point it was cut around."""
        extension = EXTENSIONS[self.format]
        if self.ratio is None:
            return f"renditions/{key}/w{self.width}.{extension}"
        ratio = self.ratio.replace(":", "x")
        return (
            f"renditions/{key}/{self.purpose}-{ratio}-{self.width}-{focal}.{extension}"
        )


def specs(width: int, height: int) -> list[Spec]:
    """Every rendition of a picture of `width` × `height`, never upscaled."""
    # The original's own width too, when it falls between two of WIDTHS.
    widths = [w for w in WIDTHS if w < width] + [min(width, max(WIDTHS))]
    made = [Spec("width", w, f) for w in widths for f in FORMATS]
    # Crops are cut from the picture brought down to the widest rendition.
    if width > max(WIDTHS):
        width, height = max(WIDTHS), round(height * max(WIDTHS) / width)
    for ratio in RATIOS:
        cut_width, _ = _crop_size(width, height, ratio)
        made.append(Spec("share", min(SHARE_WIDTH, cut_width), SHARE_FORMAT, ratio))
    cut_width, _ = _crop_size(width, height, CARD_RATIO)
    card_widths = sorted({min(w, cut_width) for w in CARD_WIDTHS})
    made += [Spec("card", w, f, CARD_RATIO) for w in card_widths for f in FORMATS]
    return made


def renditions_make(image) -> list[str]:
    """Make what `image` lacks of its renditions and forget those it no longer
    has (a crop around a former focal point), whose files go once this commits.

    Sets `image.renditions`; returns the names of the files it made.
    """
    focal = f"f{round(image.focal_x * 1000):04d}{round(image.focal_y * 1000):04d}"
    kept = {entry["name"]: entry for entry in image.renditions}
    wanted = [
        (spec, spec.name(image.key, focal)) for spec in specs(image.width, image.height)
    ]
    entries, made = [], []
    source = None
    for spec, name in wanted:
        if name in kept:
            entries.append(kept.pop(name))
            continue
        if source is None:
            source = _Source(file_read(image.file.name))
        data, size = source.render(spec, (image.focal_x, image.focal_y))
        stored = file_save(name, data)
        made.append(stored)
        entries.append(
            {
                "name": stored,
                "purpose": spec.purpose,
                "format": spec.format,
                "width": size[0],
                "height": size[1],
                "ratio": spec.ratio,
                "bytes": len(data),
            }
        )
    files_delete_on_commit(kept)
    image.renditions = entries
    return made


class _Source:
    """The original decoded once, upright, its colours as its profile says, and
    brought down to the widest rendition: every rendition is made from that."""

    def __init__(self, data: bytes):
        with Picture.open(io.BytesIO(data)) as picture:
            upright = ImageOps.exif_transpose(picture)
            self.icc = picture.info.get("icc_profile")
        upright = self._to_rgb(upright)
        widest = max(WIDTHS)
        if upright.width > widest:
            upright = upright.resize(
                (widest, round(upright.height * widest / upright.width)),
                Picture.Resampling.LANCZOS,
                reducing_gap=3.0,
            )
        # A new picture from the pixels alone: nothing of the original's
        # metadata (EXIF, XMP, comments) can be written out with it.
        self.picture = Picture.frombytes(upright.mode, upright.size, upright.tobytes())

    def _to_rgb(self, picture):
        if picture.mode in ("RGB", "RGBA"):
            return picture
        if picture.mode == "CMYK" and self.icc:
            # A CMYK profile does not describe RGB pixels: convert through it.
            srgb = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(
                picture,
                ImageCms.ImageCmsProfile(io.BytesIO(self.icc)),
                srgb,
                outputMode="RGB",
            )
            self.icc = ImageCms.ImageCmsProfile(srgb).tobytes()
            return converted
        if picture.mode in ("L", "LA", "I", "I;16", "1"):
            # A grey profile does not describe RGB pixels either.
            self.icc = None
        alpha = picture.mode in ("LA", "PA") or "transparency" in picture.info
        return picture.convert("RGBA" if alpha else "RGB")

    def render(self, spec: Spec, focal: tuple[float, float]) -> tuple[bytes, tuple]:
        picture = self.picture
        if spec.ratio is not None:
            picture = picture.crop(_crop_box(picture.size, spec.ratio, focal))
        height = round(picture.height * spec.width / picture.width)
        if picture.width != spec.width:
            picture = picture.resize(
                (spec.width, max(1, height)), Picture.Resampling.LANCZOS
            )
        if spec.format == "jpeg" and picture.mode == "RGBA":
            flat = Picture.new("RGB", picture.size, "white")
            flat.paste(picture, mask=picture.getchannel("A"))
            picture = flat
        stream = io.BytesIO()
        options = dict(_SAVE_OPTIONS[spec.format])
        if self.icc:
            options["icc_profile"] = self.icc
        picture.save(stream, _PILLOW_FORMATS[spec.format], **options)
        return stream.getvalue(), picture.size


def _crop_size(width: int, height: int, ratio: str) -> tuple[int, int]:
    across, down = RATIOS[ratio]
    if width * down > height * across:
        return max(1, round(height * across / down)), height
    return width, max(1, round(width * down / across))


def _crop_box(size: tuple[int, int], ratio: str, focal: tuple[float, float]):
    """The largest `ratio` box in `size` centred on the focal point, pushed
    back inside the picture where it would cross an edge."""
    width, height = size
    cut_width, cut_height = _crop_size(width, height, ratio)
    left = min(max(round(focal[0] * width - cut_width / 2), 0), width - cut_width)
    top = min(max(round(focal[1] * height - cut_height / 2), 0), height - cut_height)
    return left, top, left + cut_width, top + cut_height
