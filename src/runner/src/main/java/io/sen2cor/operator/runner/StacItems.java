package io.sen2cor.operator.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The STAC item of an L2A product (docs/stac.md), made from its MTD_MSIL2A.xml and its files: footprint as
 * geometry and bbox, sensing start as datetime, the eo, projection, raster and processing extensions (cloud cover,
 * EPSG code of the tile's UTM zone, the BOA scale and, from baseline 04.00, offset per band, the Sen2Cor version
 * and baseline) and mgrs, one asset per image and metadata file (absolute hrefs in the output store), and a derived_from
 * link to the L1C product.
 */
public final class StacItems {

    static final List<String> EXTENSIONS = List.of(
            "https://stac-extensions.github.io/eo/v1.1.0/schema.json",
            "https://stac-extensions.github.io/projection/v1.1.0/schema.json",
            "https://stac-extensions.github.io/raster/v1.1.0/schema.json",
            "https://stac-extensions.github.io/processing/v1.2.0/schema.json",
            "https://stac-extensions.github.io/mgrs/v1.0.0/schema.json");
    /** Sentinel-2 MSI bands and their common names (the eo extension's vocabulary). */
    static final Map<String, String> COMMON_NAMES = Map.ofEntries(Map.entry("B01", "coastal"), Map.entry("B02", "blue"),
            Map.entry("B03", "green"), Map.entry("B04", "red"), Map.entry("B05", "rededge"), Map.entry("B06", "rededge"),
            Map.entry("B07", "rededge"), Map.entry("B08", "nir"), Map.entry("B8A", "nir08"), Map.entry("B09", "nir09"),
            Map.entry("B11", "swir16"), Map.entry("B12", "swir22"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private StacItems() {
    }

    /**
     * @param product    the local L2A .SAFE
     * @param mtd        its MTD_MSIL2A.xml, parsed
     * @param productUri its uploaded location, ending with /
     * @param l1cId      the L1C product id, {@code l1cOrigin} where it was read from
     */
    public static ObjectNode item(Path product, Document mtd, String productUri, String l1cId, String l1cOrigin,
            String sen2corVersion) {
        String id = product.getFileName().toString().replaceFirst("\\.SAFE$", "");
        ObjectNode item = JSON.createObjectNode();
        item.put("type", "Feature");
        item.put("stac_version", "1.0.0");
        ArrayNode extensions = item.putArray("stac_extensions");
        EXTENSIONS.forEach(extensions::add);
        item.put("id", id);

        List<double[]> ring = footprint(text(mtd, "EXT_POS_LIST"));
        ObjectNode geometry = item.putObject("geometry");
        geometry.put("type", "Polygon");
        ArrayNode coordinates = geometry.putArray("coordinates").addArray();
        double[] bbox = {180, 90, -180, -90};
        for (double[] lonLat : ring) {
            coordinates.addArray().add(lonLat[0]).add(lonLat[1]);
            bbox[0] = Math.min(bbox[0], lonLat[0]);
            bbox[1] = Math.min(bbox[1], lonLat[1]);
            bbox[2] = Math.max(bbox[2], lonLat[0]);
            bbox[3] = Math.max(bbox[3], lonLat[1]);
        }
        ArrayNode box = item.putArray("bbox");
        for (double b : bbox) {
            box.add(b);
        }

        ObjectNode properties = item.putObject("properties");
        properties.put("datetime", text(mtd, "PRODUCT_START_TIME"));
        properties.put("platform", text(mtd, "SPACECRAFT_NAME").toLowerCase());
        properties.put("constellation", "sentinel-2");
        properties.putArray("instruments").add("msi");
        String cloud = text(mtd, "Cloud_Coverage_Assessment");
        if (!cloud.isEmpty()) {
            properties.put("eo:cloud_cover", Double.parseDouble(cloud));
        }
        String tile = id.split("_")[5];
        properties.put("proj:epsg", epsg(tile));
        properties.put("processing:level", "L2A");
        ObjectNode software = properties.putObject("processing:software");
        software.put("sen2cor", sen2corVersion == null ? "unknown" : sen2corVersion);
        // the processing baseline is the version of ESA's processing chain the L2A product follows
        properties.put("processing:version", text(mtd, "PROCESSING_BASELINE"));
        properties.put("mgrs:utm_zone", Integer.parseInt(tile.substring(1, 3)));
        properties.put("mgrs:latitude_band", tile.substring(3, 4));
        properties.put("mgrs:grid_square", tile.substring(4));

        double quantification = parseOr(text(mtd, "BOA_QUANTIFICATION_VALUE"), 10000);
        Map<String, Double> offsets = offsets(mtd);
        ObjectNode assets = item.putObject("assets");
        for (String file : files(product)) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            String href = productUri + file;
            if (file.endsWith(".jp2") && file.contains("/IMG_DATA/")) {
                // T21JUK_20231217T135659_B02_10m.jp2 -> B02_10m
                String[] parts = name.replace(".jp2", "").split("_");
                String band = parts[parts.length - 2];
                ObjectNode asset = asset(assets, band + "_" + parts[parts.length - 1], href, "image/jp2", "data");
                if (COMMON_NAMES.containsKey(band)) {
                    asset.putArray("eo:bands").addObject().put("name", band).put("common_name", COMMON_NAMES.get(band));
                    ObjectNode raster = asset.putArray("raster:bands").addObject();
                    raster.put("nodata", 0).put("data_type", "uint16").put("scale", 1 / quantification);
                    Double offset = offsets.get(bandIndex(band));
                    if (offset != null) {
                        raster.put("offset", offset / quantification);
                    }
                }
            } else if (name.equals("MTD_MSIL2A.xml")) {
                asset(assets, "product_metadata", href, "application/xml", "metadata");
            } else if (name.equals("MTD_TL.xml")) {
                asset(assets, "granule_metadata", href, "application/xml", "metadata");
            } else if (name.equals("INSPIRE.xml")) {
                asset(assets, "inspire_metadata", href, "application/xml", "metadata");
            }
        }

        ArrayNode links = item.putArray("links");
        links.addObject().put("rel", "derived_from").put("href", l1cOrigin).put("title", l1cId);
        return item;
    }

    /** EXT_POS_LIST is "lat lon lat lon ..."; GeoJSON wants [lon, lat], the ring closed. */
    static List<double[]> footprint(String posList) {
        String[] v = posList.trim().split("\\s+");
        if (v.length < 8 || v.length % 2 != 0) {
            throw new RunnerFailure(RunnerContract.EXIT_SEN2COR_FAILED, "MTD_MSIL2A.xml has no usable footprint (EXT_POS_LIST)");
        }
        List<double[]> ring = new ArrayList<>();
        for (int i = 0; i < v.length; i += 2) {
            ring.add(new double[] {Double.parseDouble(v[i + 1]), Double.parseDouble(v[i])});
        }
        double[] first = ring.get(0);
        double[] last = ring.get(ring.size() - 1);
        if (first[0] != last[0] || first[1] != last[1]) {
            ring.add(first);
        }
        return ring;
    }

    /** UTM zone of an MGRS tile (T21JUK): north of the equator from latitude band N, EPSG 326zz, else 327zz. */
    static int epsg(String tile) {
        int zone = Integer.parseInt(tile.substring(1, 3));
        return (tile.charAt(3) >= 'N' ? 32600 : 32700) + zone;
    }

    /** MTD band_id of a band: B01..B08 are 0..7, B8A 8, B09 9, B10 10, B11 11, B12 12. */
    static String bandIndex(String band) {
        return switch (band) {
            case "B8A" -> "8";
            case "B09" -> "9";
            case "B10" -> "10";
            case "B11" -> "11";
            case "B12" -> "12";
            default -> String.valueOf(Integer.parseInt(band.substring(1)) - 1);
        };
    }

    /** BOA_ADD_OFFSET per band_id: present from baseline 04.00 on. */
    private static Map<String, Double> offsets(Document mtd) {
        Map<String, Double> out = new java.util.HashMap<>();
        for (var node : Sen2CorProcess.elementsNamed(mtd, "BOA_ADD_OFFSET")) {
            Element e = (Element) node;
            out.put(e.getAttribute("band_id"), Double.parseDouble(e.getTextContent().strip()));
        }
        return out;
    }

    private static ObjectNode asset(ObjectNode assets, String key, String href, String type, String role) {
        ObjectNode asset = assets.putObject(key);
        asset.put("href", href);
        asset.put("type", type);
        asset.putArray("roles").add(role);
        return asset;
    }

    private static List<String> files(Path product) {
        try (Stream<Path> walk = Files.walk(product)) {
            return walk.filter(Files::isRegularFile).map(p -> product.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Document doc, String tag) {
        return Sen2CorProcess.elementText(doc, tag).orElse("");
    }

    private static double parseOr(String value, double fallback) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
