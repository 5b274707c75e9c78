"""Draws the touch and app icons from the favicon's design (favicon.svg): an
"N" over a red rule on the ink square. `python static/img/draw_icons.py`
rewrites them; shapes only, no font, so the same code always draws the same
pictures.
"""

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
INK = (26, 26, 26)
PAPER = (255, 255, 255)
RED = (179, 25, 29)
# Drawn this many times larger, then brought down: smooth edges.
SUPERSAMPLE = 4
# name → (size, corner radius in the favicon's 32-unit grid). Apple rounds
# the corners of a touch icon itself, so that one is square.
ICONS = {
    "apple-touch-icon.png": (180, 0),
    "icon-192.png": (192, 4),
    "icon-512.png": (512, 4),
}

# The favicon's letter and rule in its 32 × 32 grid.
LETTER = [
    [(9.6, 8), (11.4, 8), (11.4, 23), (9.6, 23)],  # left stem
    [(20.6, 8), (22.4, 8), (22.4, 23.4), (20.6, 23.4)],  # right stem
    [(9.6, 8), (13.8, 8), (22.4, 23.4), (18.2, 23.4)],  # diagonal
    [(7.2, 8), (14.4, 8), (14.4, 9.4), (7.2, 9.4)],  # serifs
    [(18.2, 8), (24.8, 8), (24.8, 9.4), (18.2, 9.4)],
    [(7.4, 21.6), (13.6, 21.6), (13.6, 23), (7.4, 23)],
]
RULE = (6, 26, 26, 28.5)


def icon(size: int, radius: float) -> Image.Image:
    scale = size * SUPERSAMPLE / 32
    big = Image.new("RGBA", (size * SUPERSAMPLE,) * 2, (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw.rounded_rectangle(
        [0, 0, big.width - 1, big.height - 1], radius=radius * scale, fill=INK
    )
    for shape in LETTER:
        draw.polygon([(x * scale, y * scale) for x, y in shape], fill=PAPER)
    draw.rectangle([v * scale for v in RULE], fill=RED)
    picture = big.resize((size, size), Image.Resampling.LANCZOS)
    return picture if radius else picture.convert("RGB")


if __name__ == "__main__":
    for name, (size, radius) in ICONS.items():
        icon(size, radius).save(HERE / name, optimize=True)
