"""Derives the one STAC item in this folder (see README.md): the Earth Search v1 item shape of a real item
(../earth-search-l1c/items/S2B_24MUV_20250731_0_L1C.json), filled with what can be derived for the real product
S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707: its name, the MGRS tile's footprint (UTM zone 36 north,
100 km square X/F, a 109.8 km Sentinel-2 tile at x 600000, y 100020 as the tiling grid lays it), and the bucket paths.
eo:cloud_cover is ASSUMED (not known here). Run: python3 derive_36nxf.py > S2A_36NXF_20190122_0_L1C.json"""
import json, math, copy, pathlib

HERE = pathlib.Path(__file__).parent
template = json.loads((HERE / "../earth-search-l1c/items/S2B_24MUV_20250731_0_L1C.json").read_text())

def utm_to_lonlat(x, y, zone, north=True):
    # Krueger series, WGS84 (accurate to well under a metre here)
    a, f = 6378137.0, 1 / 298.257223563
    n = f / (2 - f)
    A = a / (1 + n) * (1 + n**2 / 4 + n**4 / 64)
    b1, b2, b3 = n / 2 - 2 * n**2 / 3 + 37 * n**3 / 96, n**2 / 48 + n**3 / 15, 17 * n**3 / 480
    d1, d2, d3 = 2 * n - 2 * n**2 / 3 - 2 * n**3, 7 * n**2 / 3 - 8 * n**3 / 5, 56 * n**3 / 15
    k0, e0 = 0.9996, 500000.0
    xi = (y if north else y - 10000000.0) / (k0 * A)
    eta = (x - e0) / (k0 * A)
    xi_ = xi - sum(b * math.sin(2 * j * xi) * math.cosh(2 * j * eta) for j, b in ((1, b1), (2, b2), (3, b3)))
    eta_ = eta - sum(b * math.cos(2 * j * xi) * math.sinh(2 * j * eta) for j, b in ((1, b1), (2, b2), (3, b3)))
    chi = math.asin(math.sin(xi_) / math.cosh(eta_))
    lat = chi + sum(d * math.sin(2 * j * chi) for j, d in ((1, d1), (2, d2), (3, d3)))
    lon0 = math.radians(zone * 6 - 183)
    lon = lon0 + math.atan2(math.sinh(eta_), math.cos(xi_))
    return round(math.degrees(lon), 9), round(math.degrees(lat), 9)

ulx, uly, size = 600000, 100020, 109800
corners = [(ulx, uly), (ulx, uly - size), (ulx + size, uly - size), (ulx + size, uly), (ulx, uly)]
ring = [list(utm_to_lonlat(x, y, 36)) for x, y in corners]
lons, lats = [p[0] for p in ring], [p[1] for p in ring]

product = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707"
item_id = "S2A_36NXF_20190122_0_L1C"
item = copy.deepcopy(template)
item["id"] = item_id
item["geometry"] = {"type": "Polygon", "coordinates": [ring]}
item["bbox"] = [round(min(lons), 6), round(min(lats), 6), round(max(lons), 6), round(max(lats), 6)]
p = item["properties"]
for unknown in ["view:azimuth", "view:incidence_angle", "view:sun_azimuth", "view:sun_elevation", "s2:tile_id",
                "s2:datatake_id", "s2:datastrip_id", "s2:reflectance_conversion_factor", "earthsearch:payload_id",
                "s2:degraded_msi_data_percentage", "s2:datatake_type"]:
    p.pop(unknown, None)
p.update({
    "created": "2019-01-22T09:17:07.000Z", "updated": "2019-01-22T09:17:07.000Z",
    "platform": "sentinel-2a",
    "eo:cloud_cover": 12.5,  # ASSUMED: the real value is not known here
    "proj:epsg": 32636,
    "proj:centroid": {"lat": round(sum(lats[:4]) / 4, 5), "lon": round(sum(lons[:4]) / 4, 5)},
    "mgrs:utm_zone": 36, "mgrs:latitude_band": "N", "mgrs:grid_square": "XF", "grid:code": "MGRS-36NXF",
    "s2:processing_baseline": "02.07",
    "s2:product_uri": product + ".SAFE",
    "s2:generation_time": "2019-01-22T09:17:07.000000Z",
    "datetime": "2019-01-22T07:52:21.024000Z",  # the datatake start in the product name
    "earthsearch:s3_path": "s3://earthsearch-data/sentinel-2-l1c/36/N/XF/2019/1/" + item_id,
})
base = "https://earth-search.aws.element84.com/v1/collections/sentinel-2-l1c/items/"
for link in item["links"]:
    link["href"] = link["href"].replace("S2B_24MUV_20250731_0_L1C", item_id).replace("24/M/UV/2025/7", "36/N/XF/2019/1")
for asset in item["assets"].values():
    asset["href"] = asset["href"].replace("tiles/24/M/UV/2025/7/31/0", "tiles/36/N/XF/2019/1/22/0")
    if "proj:transform" in asset:
        t = asset["proj:transform"]
        asset["proj:transform"] = [t[0], t[1], ulx, t[3], t[4], uly]
print(json.dumps(item, indent=2, ensure_ascii=False))
