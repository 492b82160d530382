"""Makes JPEG 2000 previews as Sen2Cor's PVI is (343 x 343, 8-bit true colour, georeferenced in the tile's UTM zone),
with GDAL's OpenJPEG driver (the codec Sen2Cor's bundle carries), and reads a JPEG back, for ThumbnailsTest.
Usage: python previews.py make <dir>    writes rgb-lossy.jp2, rgb-reversible.jp2, grey.jp2 (left half one colour,
                                        right half another)
       python previews.py read <jpeg>   prints {"width", "height", "bands", "left": [r, g, b], "right": [r, g, b]}
(rasterio from the odc-stac venv that src/scripts/stac-server.sh odc installs)"""
import json
import sys

import numpy as np
import rasterio
from rasterio.transform import from_origin

SIDE = 343


def make(directory):
    rgb = np.zeros((3, SIDE, SIDE), dtype=np.uint8)
    rgb[:, :, : SIDE // 2] = np.array([200, 40, 30], dtype=np.uint8)[:, None, None]
    rgb[:, :, SIDE // 2 + 1 :] = np.array([20, 60, 180], dtype=np.uint8)[:, None, None]
    grey = rgb[:1].copy()
    # T36NXF's origin, 320 m pixels: the PVI covers the 109.8 km tile
    profile = dict(driver="JP2OpenJPEG", width=SIDE, height=SIDE, dtype="uint8", crs="EPSG:32636",
                   transform=from_origin(699960, 10000, 320, 320))
    for name, data, options in [("rgb-lossy", rgb, {"QUALITY": "25"}), ("rgb-reversible", rgb, {"REVERSIBLE": "YES"}),
                                ("grey", grey, {})]:
        with rasterio.open(f"{directory}/{name}.jp2", "w", count=len(data), **profile, **options) as out:
            out.write(data)


def read(path):
    with rasterio.open(path) as jpeg:
        data = jpeg.read()
        middle = jpeg.height // 2
        print(json.dumps({"driver": jpeg.driver, "width": jpeg.width, "height": jpeg.height, "bands": jpeg.count,
                          "left": [int(b[middle, 20]) for b in data], "right": [int(b[middle, -20]) for b in data]}))


if __name__ == "__main__":
    {"make": make, "read": read}[sys.argv[1]](sys.argv[2])
