#!/usr/bin/python3
"""Writes hog_fixtures.txt: reference HOG vectors from scikit-image for HogParityTest.

Run with Debian's python3-skimage (0.19.3): /usr/bin/python3 make_hog_fixtures.py
The images are integer formulas that HogParityTest rebuilds in Java (keep both in step).
"""
import numpy as np
import skimage
from skimage.feature import hog


def xorshift_image(w, h, seed):
    s = seed & 0xFFFFFFFF
    out = np.zeros((h, w), dtype=np.uint8)
    for y in range(h):
        for x in range(w):
            s ^= (s << 13) & 0xFFFFFFFF
            s ^= s >> 17
            s ^= (s << 5) & 0xFFFFFFFF
            out[y, x] = s & 255
    return out


def formula(w, h, f):
    return np.array([[f(x, y) for x in range(w)] for y in range(h)], dtype=np.uint8)


IMAGES = {
    "gradient48": formula(48, 48, lambda x, y: (7 * x + 13 * y) % 256),
    "checker48": formula(48, 48, lambda x, y: ((x // 8 + y // 8) % 2) * 255),
    "rings48": formula(48, 48, lambda x, y: (((x - 24) ** 2 + (y - 20) ** 2) // 7) % 256),
    "noise48": xorshift_image(48, 48, 12345),
    "noise44x40": xorshift_image(44, 40, 999),
}

CASES = [
    # image, orientations, pixels_per_cell, cells_per_block, block_norm, transform_sqrt
    ("gradient48", 8, (16, 16), (1, 1), "L1", False),
    ("rings48", 8, (16, 16), (1, 1), "L1", False),
    ("noise48", 8, (16, 16), (1, 1), "L1", False),
    ("rings48", 8, (16, 16), (1, 1), "L2-Hys", False),
    ("rings48", 9, (8, 8), (3, 3), "L2-Hys", False),
    ("noise48", 9, (8, 8), (2, 2), "L2-Hys", False),
    ("checker48", 9, (8, 8), (2, 2), "L2", False),
    ("noise48", 9, (8, 8), (3, 3), "L1", False),
    ("rings48", 6, (6, 4), (2, 1), "L1-sqrt", False),
    ("noise44x40", 12, (5, 7), (2, 3), "L2-Hys", False),
    ("noise44x40", 9, (8, 8), (2, 2), "L2-Hys", True),
    ("rings48", 4, (12, 12), (2, 2), "L2", True),
    ("checker48", 8, (8, 8), (1, 1), "L1", False),
]


def sliding(image, size=24, step=6):
    h, w = image.shape
    feats = []
    for y in range(0, h, step):
        for x in range(0, w, step):
            window = image[y:y + size, x:x + size]
            feats.extend(hog(window, orientations=8, pixels_per_cell=(8, 8), cells_per_block=(1, 1), block_norm="L1"))
    return np.asarray(feats)


with open("hog_fixtures.txt", "w") as f:
    f.write("# scikit-image %s, numpy %s; made by make_hog_fixtures.py\n" % (skimage.__version__, np.__version__))
    for img, o, ppc, cpb, norm, sq in CASES:
        v = hog(IMAGES[img], orientations=o, pixels_per_cell=ppc, cells_per_block=cpb, block_norm=norm,
                transform_sqrt=sq, feature_vector=True)
        f.write("case %s %d %d %d %d %d %s %d %d\n" % (img, o, ppc[0], ppc[1], cpb[0], cpb[1], norm, int(sq), v.size))
        f.write(" ".join("%.12g" % x for x in v) + "\n")
    for img in ("rings48", "noise48"):
        v = sliding(IMAGES[img])
        f.write("sliding %s %d\n" % (img, v.size))
        f.write(" ".join("%.12g" % x for x in v) + "\n")
