#!/usr/bin/python3
"""Draw kernelspec/logo-32x32.png and logo-64x64.png (needs Debian's
python3-pil and fonts-dejavu-core). The mark: a sieve — a bowl with
holes — over three falling grains, on sift's teal tile."""
import os

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
TEAL, WHITE, SAND = (16, 110, 120, 255), (255, 255, 255, 255), (244, 200, 96, 255)


def draw(size):
    s = 8 * size                       # draw large, downsample for anti-aliasing
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([0, 0, s - 1, s - 1], radius=s // 5, fill=TEAL)
    u = s / 64
    # the sieve: a rim and a half-disc bowl
    d.rounded_rectangle([10 * u, 14 * u, 54 * u, 19 * u], radius=2 * u, fill=WHITE)
    d.pieslice([12 * u, -2 * u, 52 * u, 38 * u], 0, 180, fill=WHITE)
    for x in (22, 32, 42):             # holes in the bowl
        d.ellipse([(x - 2.5) * u, 24 * u, (x + 2.5) * u, 29 * u], fill=TEAL)
    for x, y in ((24, 44), (32, 50), (40, 44)):   # grains falling through
        d.ellipse([(x - 3.5) * u, (y - 3.5) * u, (x + 3.5) * u, (y + 3.5) * u], fill=SAND)
    return img.resize((size, size), Image.LANCZOS)


for n in (32, 64):
    draw(n).save(os.path.join(HERE, "logo-%dx%d.png" % (n, n)))
