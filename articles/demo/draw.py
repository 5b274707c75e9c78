"""Draws the demo pieces' images: `python articles/demo/draw.py` rewrites them.

Shapes and gradients of the project's own making, no photographs, so the demo
content is ours to ship; the same code always draws the same pictures.
"""

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = (1600, 900)
MEDIA = Path(__file__).resolve().parent / "media"


def gradient(top: tuple, bottom: tuple, size=SIZE) -> Image.Image:
    width, height = size
    picture = Image.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / (height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return picture


def moscow_talks() -> Image.Image:
    picture = gradient((38, 44, 92), (236, 140, 84))
    draw = ImageDraw.Draw(picture)
    for x, height, dome in [
        (120, 380, 70),
        (330, 470, 90),
        (560, 420, 60),
        (1180, 500, 100),
        (1400, 400, 70),
    ]:
        draw.rectangle([x, 900 - height, x + dome * 1.6, 900], fill=(30, 24, 40))
        draw.ellipse(
            [
                x - 10,
                900 - height - dome,
                x + dome * 1.6 + 10,
                900 - height + dome // 2,
            ],
            fill=(30, 24, 40),
        )
        draw.polygon(
            [
                (x + dome * 0.8, 900 - height - dome * 1.9),
                (x + dome * 0.6, 900 - height - dome * 0.8),
                (x + dome, 900 - height - dome * 0.8),
            ],
            fill=(30, 24, 40),
        )
    draw.rectangle([300, 640, 1300, 700], fill=(92, 54, 36))
    draw.rectangle([340, 700, 360, 900], fill=(70, 40, 28))
    draw.rectangle([1240, 700, 1260, 900], fill=(70, 40, 28))
    for left in (420, 1060):
        draw.rectangle([left, 500, left + 120, 640], fill=(150, 24, 30))
        draw.rectangle([left, 600, left + 120, 650], fill=(120, 18, 24))
    return picture


def cairo_signing() -> Image.Image:
    picture = gradient((250, 210, 140), (205, 150, 80))
    draw = ImageDraw.Draw(picture)
    draw.ellipse([1230, 90, 1390, 250], fill=(255, 240, 200))
    for left, base, top in [(180, 620, 300), (520, 560, 380), (820, 640, 440)]:
        draw.polygon(
            [(left, 700), (left + base, 700), (left + base / 2, top)],
            fill=(176, 120, 60),
        )
        draw.polygon(
            [(left + base / 2, top), (left + base, 700), (left + base * 0.62, 700)],
            fill=(150, 98, 48),
        )
    draw.rectangle([0, 700, 1600, 900], fill=(120, 78, 40))
    draw.polygon(
        [(560, 760), (1080, 730), (1110, 880), (590, 900)], fill=(246, 242, 230)
    )
    for row in range(5):
        y = 770 + row * 20
        draw.line([(620, y), (1040, y - 12)], fill=(150, 150, 150), width=3)
    draw.line(
        [(900, 850), (940, 835), (960, 850), (1000, 830)], fill=(20, 40, 120), width=4
    )
    return picture


def offshore_gas() -> Image.Image:
    picture = gradient((150, 200, 235), (20, 80, 130))
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, 470, 1600, 900], fill=(18, 70, 120))
    for wave in range(12):
        y = 500 + wave * 34
        draw.line(
            [(x, y + 6 * math.sin(x / 40 + wave)) for x in range(0, 1601, 20)],
            fill=(60, 120, 170),
            width=3,
        )
    draw.polygon(
        [(0, 470), (0, 330), (220, 360), (420, 430), (520, 470)], fill=(90, 120, 70)
    )
    draw.rectangle([980, 330, 1260, 380], fill=(200, 60, 40))
    for leg in (1000, 1110, 1220):
        draw.rectangle([leg, 380, leg + 18, 560], fill=(60, 60, 60))
    draw.rectangle([1180, 200, 1200, 330], fill=(80, 80, 80))
    draw.ellipse([1170, 150, 1215, 205], fill=(255, 170, 40))
    return picture


def night_sky() -> Image.Image:
    picture = gradient((6, 10, 32), (40, 50, 90))
    draw = ImageDraw.Draw(picture)
    stars = random.Random(14)
    for _ in range(260):
        x, y, r = stars.randrange(1600), stars.randrange(650), stars.choice([1, 1, 2])
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(235, 235, 255))
    points = [
        (100 + t * 14, 700 - 520 * math.sin(math.pi * t / 100)) for t in range(0, 85)
    ]
    draw.line(points, fill=(250, 230, 200), width=5)
    draw.polygon(
        [
            (0, 900),
            (0, 720),
            (300, 680),
            (700, 740),
            (1100, 690),
            (1600, 760),
            (1600, 900),
        ],
        fill=(12, 14, 20),
    )
    return picture


def frontiers_map() -> Image.Image:
    picture = gradient((214, 230, 238), (190, 214, 228))
    draw = ImageDraw.Draw(picture)
    regions = [
        ([(700, 0), (1600, 0), (1600, 300), (1050, 330), (820, 240)], (222, 206, 160)),
        ([(820, 240), (1050, 330), (1010, 460), (860, 430)], (200, 170, 120)),
        (
            [(1050, 330), (1600, 300), (1600, 760), (1120, 700), (1010, 460)],
            (232, 200, 150),
        ),
        (
            [(860, 430), (1010, 460), (1120, 700), (1000, 900), (900, 900), (880, 640)],
            (244, 232, 200),
        ),
        ([(700, 760), (880, 640), (900, 900), (600, 900)], (236, 220, 170)),
    ]
    for outline, colour in regions:
        draw.polygon(outline, fill=colour, outline=(90, 80, 60))
    for start, end in [
        ((820, 240), (1050, 330)),
        ((860, 430), (1010, 460)),
        ((880, 640), (1120, 700)),
    ]:
        steps = 12
        for step in range(0, steps, 2):
            a = [s + (e - s) * step / steps for s, e in zip(start, end, strict=True)]
            b = [
                s + (e - s) * (step + 1) / steps
                for s, e in zip(start, end, strict=True)
            ]
            draw.line([tuple(a), tuple(b)], fill=(164, 22, 26), width=6)
    for x, y in [(930, 330), (1000, 560), (1300, 480), (780, 820)]:
        draw.ellipse([x - 12, y - 12, x + 12, y + 12], fill=(26, 26, 26))
    return picture


PICTURES = {
    "moscow-talks.jpg": moscow_talks,
    "cairo-signing.jpg": cairo_signing,
    "offshore-gas.jpg": offshore_gas,
    "night-sky.jpg": night_sky,
    "frontiers-map.jpg": frontiers_map,
}

if __name__ == "__main__":
    MEDIA.mkdir(exist_ok=True)
    for name, draw in PICTURES.items():
        draw().save(MEDIA / name, "JPEG", quality=82, optimize=True, progressive=True)
        print(name, (MEDIA / name).stat().st_size, "bytes")
