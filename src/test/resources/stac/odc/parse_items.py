"""Reads a STAC API collection's items as a user would load them with odc-stac (no pixels), and prints, per item and
band, the grid odc-stac resolved from the item's metadata: shape, affine (a, b, c, d, e, f) and CRS, as JSON.
Usage: python parse_items.py <items URL>  (the test's STAC API on 127.0.0.1)"""
import json
import sys
import urllib.request

import pystac
from odc.stac import parse_items

with urllib.request.urlopen(sys.argv[1]) as answer:
    features = json.load(answer)["features"]
out = {}
for parsed in parse_items([pystac.Item.from_dict(f) for f in features]):
    bands = {}
    for (name, _), source in parsed.bands.items():
        box = source.geobox
        if box is None:
            bands[name] = None
            continue
        a = box.affine
        bands[name] = {"shape": list(box.shape), "affine": [a.a, a.b, a.c, a.d, a.e, a.f], "crs": str(box.crs),
                       "dtype": source.meta.data_type, "nodata": source.meta.nodata}
    out[parsed.id] = {"collection": parsed.collection.name, "bands": bands}
print(json.dumps(out))
