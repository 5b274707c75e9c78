"""RSS and Atom feed generators that carry each item's image.

An item given `image` (an images.models.Image) gets, in RSS, an <enclosure>
and a Media RSS <media:content> with its description and credit, and in Atom a
rel="enclosure" link: each the 16:9 sharing crop, at an absolute address made
from the item's own link.
"""

from urllib.parse import urljoin

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

MEDIA_RSS = "http://search.yahoo.com/mrss/"


def _shared(item):
    image = item.get("image")
    crops = image.sharing if image else []
    if not crops:
        return None, None
    return image, crops[0]


class ImageRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image, crop = _shared(item)
        if crop is None:
            return
        url = urljoin(item["link"], crop.url)
        handler.addQuickElement(
            "enclosure",
            "",
            {"url": url, "length": str(crop.bytes), "type": crop.media_type},
        )
        handler.startElement(
            "media:content",
            {
                "url": url,
                "type": crop.media_type,
                "medium": "image",
                "width": str(crop.width),
                "height": str(crop.height),
                "fileSize": str(crop.bytes),
            },
        )
        if text := image.caption or image.alt_text:
            handler.addQuickElement("media:description", text, {"type": "plain"})
        if image.credit:
            handler.addQuickElement("media:credit", image.credit)
        handler.endElement("media:content")


class ImageAtomFeed(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        _, crop = _shared(item)
        if crop is not None:
            handler.addQuickElement(
                "link",
                "",
                {
                    "rel": "enclosure",
                    "href": urljoin(item["link"], crop.url),
                    "type": crop.media_type,
                    "length": str(crop.bytes),
                },
            )
