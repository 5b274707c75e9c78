"""The `image` object of the API (DESIGN.md, JSON API): absolute addresses."""

from ninja import Schema


class RenditionOut(Schema):
    url: str
    width: int
    height: int
    format: str


class ImageOut(Schema):
    url: str
    alt: str
    caption: str
    credit: str
    width: int
    height: int
    renditions: list[RenditionOut]

    @staticmethod
    def resolve_url(image, context):
        """The widest uncropped rendition: never the original, which keeps
        its camera and location metadata."""
        widest = image.renditions_for("width")[-1]
        return context["request"].build_absolute_uri(widest.url)

    @staticmethod
    def resolve_alt(image):
        return image.alt_text

    @staticmethod
    def resolve_width(image):
        return image.renditions_for("width")[-1].width

    @staticmethod
    def resolve_height(image):
        return image.renditions_for("width")[-1].height

    @staticmethod
    def resolve_renditions(image, context):
        request = context["request"]
        return [
            {
                "url": request.build_absolute_uri(r.url),
                "width": r.width,
                "height": r.height,
                "format": r.format,
            }
            for r in image.renditions_for("width") + image.sharing
        ]
