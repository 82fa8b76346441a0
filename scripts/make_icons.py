"""Draw the home-screen icons (docs/assets/icons/*.png) for the web app manifest.

    python -m scripts.make_icons

Run by hand only when the design changes; the PNGs are committed, so the build
does not need Pillow. The design is the site's logo idea (a shield) in white on
the theme's indigo, drawn from simple shapes so no font or outside image is used.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "assets" / "icons"
INDIGO = (63, 81, 181)   # Material's indigo primary, #3f51b5
WHITE = (255, 255, 255)


def draw(size: int, safe: float) -> Image.Image:
    """A shield centred on indigo; `safe` is the share of the width the shield may use."""
    scale = 4  # draw large, then shrink, for smooth edges
    s = size * scale
    img = Image.new("RGB", (s, s), INDIGO)
    d = ImageDraw.Draw(img)
    w = s * safe
    x0, y0 = (s - w) / 2, (s - w * 1.1) / 2
    top, mid, bottom = y0, y0 + w * 0.55, y0 + w * 1.1
    shield = [(x0 + w / 2, top), (x0 + w, top + w * 0.18), (x0 + w, mid),
              (x0 + w / 2, bottom), (x0, mid), (x0, top + w * 0.18)]
    d.polygon(shield, fill=WHITE)
    # a baby's head and shoulders, cut out of the shield in indigo
    cx, r = x0 + w / 2, w * 0.13
    d.ellipse([cx - r, y0 + w * 0.28, cx + r, y0 + w * 0.28 + 2 * r], fill=INDIGO)
    d.pieslice([cx - w * 0.24, y0 + w * 0.58, cx + w * 0.24, y0 + w * 1.02], 180, 360, fill=INDIGO)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, safe in [("icon-192.png", 192, 0.62), ("icon-512.png", 512, 0.62),
                             ("maskable-512.png", 512, 0.5), ("apple-touch-icon.png", 180, 0.58),
                             ("favicon-32.png", 32, 0.8)]:  # the browser tab's icon: a few hundred bytes
        img = draw(size, safe)
        if size <= 32:
            img = img.quantize(colors=16)  # a palette image: smaller than full colour
        img.save(OUT / name, optimize=True)
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
