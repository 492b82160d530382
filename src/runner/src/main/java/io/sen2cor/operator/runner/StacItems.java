package io.sen2cor.operator.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sen2cor.operator.contract.SentinelBands;
import io.sen2cor.operator.contract.Sha256;
import io.sen2cor.operator.contract.StacCatalog;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The STAC item of an L2A product (docs/stac.md), shaped like Earth Search's sentinel-2-l2a items so the tools that
 * read those read these: made from its MTD_MSIL2A.xml (product, datatake, baseline, scales and offsets, SCL classes)
 * and its granule's MTD_TL.xml (sensing time, tile grid, sun angles, the quality percentages), with the asset keys
 * and titles Earth Search uses (blue, nir08, scl, visual, ...), each raster asset's grid ({@code proj:shape},
 * {@code proj:transform}) and {@code gsd}, links to the job's collection, and a footprint split at the antimeridian
 * where it crosses it.
 */
public final class StacItems {

    static final List<String> EXTENSIONS = List.of(
            "https://stac-extensions.github.io/eo/v1.1.0/schema.json",
            "https://stac-extensions.github.io/projection/v1.1.0/schema.json",
            "https://stac-extensions.github.io/raster/v1.1.0/schema.json",
            "https://stac-extensions.github.io/processing/v1.2.0/schema.json",
            "https://stac-extensions.github.io/mgrs/v1.0.0/schema.json",
            "https://stac-extensions.github.io/grid/v1.1.0/schema.json",
            "https://stac-extensions.github.io/view/v1.0.0/schema.json",
            "https://stac-extensions.github.io/sat/v1.0.0/schema.json",
            "https://stac-extensions.github.io/sentinel-2/v1.0.0/schema.json",
            "https://stac-extensions.github.io/classification/v1.1.0/schema.json",
            "https://stac-extensions.github.io/file/v2.1.0/schema.json");
    /** MTD_TL.xml's Image_Content_QI percentages, as Earth Search names them. */
    static final List<String> QUALITY = List.of("DEGRADED_MSI_DATA", "NODATA_PIXEL", "SATURATED_DEFECTIVE_PIXEL",
            "DARK_FEATURES", "CLOUD_SHADOW", "VEGETATION", "NOT_VEGETATED", "WATER", "UNCLASSIFIED", "MEDIUM_PROBA_CLOUDS",
            "HIGH_PROBA_CLOUDS", "THIN_CIRRUS", "SNOW_ICE");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where the item and what it points to are.
     *
     * @param productUri     the uploaded product, ending with /
     * @param itemHref       where the item itself is stored
     * @param collectionId   the job's STAC collection
     * @param collectionHref where that collection is (catalog.json in the job's folder)
     * @param l1cId          the L1C product, {@code l1cOrigin} where it was read from
     * @param l1cItem        its STAC item in the catalogue it was selected from, or null
     * @param thumbnail      the JPEG made of the product's preview, uploaded beside the item, or null
     */
    public record Place(String productUri, String itemHref, String collectionId, String collectionHref, String l1cId,
            String l1cOrigin, String l1cItem, Thumbnail thumbnail) {
    }

    /** An uploaded JPEG thumbnail: where, and its size and SHA-256 for the file extension's fields. */
    public record Thumbnail(String href, long size, String sha256) {
    }

    private StacItems() {
    }

    /**
     * @param product the local L2A .SAFE
     * @param mtd     its MTD_MSIL2A.xml, parsed
     * @param created when the item is made (processing time)
     */
    public static ObjectNode item(Path product, Document mtd, String sen2corVersion, Place place, Instant created) {
        String id = product.getFileName().toString().replaceFirst("\\.SAFE$", "");
        List<String> files = files(product);
        Optional<Document> tile = files.stream().filter(f -> f.startsWith("GRANULE/") && f.endsWith("/MTD_TL.xml")).findFirst()
                .flatMap(f -> granule(product.resolve(f)));
        String tileId = id.split("_")[5];

        ObjectNode item = JSON.createObjectNode();
        item.put("type", "Feature");
        item.put("stac_version", "1.0.0");
        ArrayNode extensions = item.putArray("stac_extensions");
        item.put("id", id);
        item.put("collection", place.collectionId());
        Footprints.Footprint footprint = Footprints.of(text(mtd, "EXT_POS_LIST"));
        geometry(item.putObject("geometry"), footprint);
        ArrayNode box = item.putArray("bbox");
        for (double b : footprint.bbox()) {
            box.add(b);
        }
        properties(item.putObject("properties"), mtd, tile, tileId, sen2corVersion, created);
        assets(item.putObject("assets"), product, files, place.productUri(), mtd, tile, place.thumbnail());
        // an extension is declared where its fields are: the view and classification schemas want at least one
        String json = item.toString();
        EXTENSIONS.stream().filter(e -> !e.contains("/view/") || json.contains("\"view:"))
                .filter(e -> !e.contains("/classification/") || json.contains("\"classification:"))
                .forEach(extensions::add);

        ArrayNode links = item.putArray("links");
        links.addObject().put("rel", "self").put("href", place.itemHref()).put("type", "application/geo+json");
        for (String rel : List.of("parent", "collection", "root")) {
            links.addObject().put("rel", rel).put("href", place.collectionHref()).put("type", "application/json");
        }
        links.addObject().put("rel", "license").put("href", StacCatalog.SENTINEL_LEGAL_NOTICE);
        if (place.l1cItem() != null) {
            links.addObject().put("rel", "derived_from").put("href", place.l1cItem()).put("type", "application/geo+json")
                    .put("title", "L1C STAC item of " + place.l1cId());
        }
        links.addObject().put("rel", "derived_from").put("href", place.l1cOrigin()).put("title", place.l1cId());
        return item;
    }

    private static void geometry(ObjectNode geometry, Footprints.Footprint footprint) {
        geometry.put("type", footprint.split() ? "MultiPolygon" : "Polygon");
        ArrayNode coordinates = geometry.putArray("coordinates");
        for (List<double[]> ring : footprint.polygons()) {
            ArrayNode rings = footprint.split() ? coordinates.addArray() : coordinates;
            ArrayNode points = rings.addArray();
            ring.forEach(p -> points.addArray().add(p[0]).add(p[1]));
        }
    }

    private static void properties(ObjectNode p, Document mtd, Optional<Document> tile, String tileId, String sen2corVersion,
            Instant created) {
        // Earth Search's datetime is the granule's sensing time; the product's start time is the datatake's
        p.put("datetime", tile.flatMap(t -> Sen2CorProcess.elementText(t, "SENSING_TIME")).orElse(text(mtd, "PRODUCT_START_TIME")));
        p.put("created", created.toString());
        // STAC common metadata: the item has not changed since it was written (a reprocessing writes a new one)
        p.put("updated", created.toString());
        p.put("platform", text(mtd, "SPACECRAFT_NAME").toLowerCase(Locale.ROOT));
        p.put("constellation", "sentinel-2");
        p.putArray("instruments").add("msi");
        Optional<Double> cloud = tile.flatMap(t -> number(t, "CLOUDY_PIXEL_PERCENTAGE")).or(() -> number(mtd, "Cloud_Coverage_Assessment"));
        cloud.ifPresent(c -> p.put("eo:cloud_cover", c));
        p.put("proj:epsg", tile.flatMap(t -> Sen2CorProcess.elementText(t, "HORIZONTAL_CS_CODE"))
                .map(code -> Integer.parseInt(code.replace("EPSG:", ""))).orElse(epsg(tileId)));
        p.put("mgrs:utm_zone", Integer.parseInt(tileId.substring(1, 3)));
        p.put("mgrs:latitude_band", tileId.substring(3, 4));
        p.put("mgrs:grid_square", tileId.substring(4));
        p.put("grid:code", "MGRS-" + tileId.substring(1));
        tile.flatMap(t -> Sen2CorProcess.elementsNamed(t, "Mean_Sun_Angle").stream().findFirst()).map(Element.class::cast)
                .ifPresent(sun -> {
                    p.put("view:sun_azimuth", Double.parseDouble(childText(sun, "AZIMUTH_ANGLE")));
                    p.put("view:sun_elevation", 90 - Double.parseDouble(childText(sun, "ZENITH_ANGLE")));
                });
        number(mtd, "SENSING_ORBIT_NUMBER").ifPresent(o -> p.put("sat:relative_orbit", o.intValue()));
        Sen2CorProcess.elementText(mtd, "SENSING_ORBIT_DIRECTION").ifPresent(d -> p.put("sat:orbit_state", d.toLowerCase(Locale.ROOT)));
        p.put("processing:level", "L2A");
        p.put("processing:facility", Provenance.FACILITY);
        p.put("processing:datetime", created.toString());
        p.putObject("processing:software").put("sen2cor", sen2corVersion == null ? "unknown" : sen2corVersion);
        // the processing baseline is the version of ESA's processing chain the L2A product follows
        p.put("processing:version", text(mtd, "PROCESSING_BASELINE"));
        tile.ifPresent(t -> QUALITY.forEach(q -> number(t, q + "_PERCENTAGE")
                .ifPresent(v -> p.put("s2:" + q.toLowerCase(Locale.ROOT) + "_percentage", v))));
        put(p, "s2:product_type", text(mtd, "PRODUCT_TYPE"));
        put(p, "s2:processing_baseline", text(mtd, "PROCESSING_BASELINE"));
        put(p, "s2:product_uri", text(mtd, "PRODUCT_URI"));
        put(p, "s2:generation_time", text(mtd, "GENERATION_TIME"));
        put(p, "s2:datatake_id", attribute(mtd, "Datatake", "datatakeIdentifier"));
        put(p, "s2:datatake_type", text(mtd, "DATATAKE_TYPE"));
        put(p, "s2:datastrip_id", attribute(mtd, "Granule", "datastripIdentifier"));
        String granule = attribute(mtd, "Granule", "granuleIdentifier");
        put(p, "s2:tile_id", granule);
        put(p, "s2:granule_id", granule);  // the name Earth Search's items use
        number(mtd, "U").ifPresent(u -> p.put("s2:reflectance_conversion_factor", u));
    }

    private static void assets(ObjectNode assets, Path product, List<String> files, String productUri, Document mtd,
            Optional<Document> tile, Thumbnail thumbnail) {
        double quantification = number(mtd, "BOA_QUANTIFICATION_VALUE").orElse(10000.0);
        Map<String, Double> offsets = offsets(mtd);
        for (String file : files) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            String href = productUri + file;
            if (file.endsWith(".jp2") && file.contains("/IMG_DATA/")) {
                // T21JUK_20231217T135659_B02_10m.jp2 -> B02 at 10 m
                String[] parts = name.replace(".jp2", "").split("_");
                String code = parts[parts.length - 2];
                int resolution = Integer.parseInt(parts[parts.length - 1].replace("m", ""));
                SentinelBands.of(code).ifPresent(band -> image(assets, band, code, resolution, href, mtd, tile,
                        quantification, offsets));
            } else if (file.contains("/QI_DATA/") && name.endsWith("_PVI.jp2")) {
                // with a JPEG made of it, the preview is an overview and the JPEG the thumbnail browsers show
                asset(assets, thumbnail == null ? "thumbnail" : "preview", href, "image/jp2",
                        thumbnail == null ? "thumbnail" : "overview").put("title", "Preview image (PVI, JPEG 2000)");
            } else if (name.equals("MTD_MSIL2A.xml")) {
                asset(assets, "product_metadata", href, "application/xml", "metadata");
            } else if (name.equals("MTD_TL.xml")) {
                asset(assets, "granule_metadata", href, "application/xml", "metadata");
            } else if (name.equals("INSPIRE.xml")) {
                asset(assets, "inspire_metadata", href, "application/xml", "metadata");
            }
        }
        // every asset's size and SHA-256 (a multihash, as the file extension asks): what users check a copy against
        assets.fields().forEachRemaining(e -> {
            String file = e.getValue().path("href").asText().substring(productUri.length());
            Path local = product.resolve(file);
            ((ObjectNode) e.getValue()).put("file:size", size(local)).put("file:checksum", "1220" + Sha256.of(local));
        });
        if (thumbnail != null) {
            asset(assets, "thumbnail", thumbnail.href(), "image/jpeg", "thumbnail").put("title", "Thumbnail image")
                    .put("file:size", thumbnail.size()).put("file:checksum", "1220" + thumbnail.sha256());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void image(ObjectNode assets, SentinelBands.Band band, String code, int resolution, String href,
            Document mtd, Optional<Document> tile, double quantification, Map<String, Double> offsets) {
        ObjectNode asset = asset(assets, SentinelBands.key(band, resolution), href, "image/jp2", "data");
        asset.put("title", band.title() + (band.spectral() ? " - " + resolution + "m" : ""));
        tile.ifPresent(t -> grid(asset, t, resolution));
        ObjectNode raster = JSON.createObjectNode().put("nodata", 0).put("data_type", "uint16").put("spatial_resolution", resolution);
        if (band.spectral()) {
            asset.put("gsd", resolution);
            asset.putArray("eo:bands").addObject().put("name", code).put("common_name", SentinelBands.commonName(band))
                    .put("center_wavelength", band.center()).put("full_width_half_max", band.width());
            raster.put("scale", 1 / quantification);
            Double offset = offsets.get(SentinelBands.bandIndex(code));
            if (offset != null) {
                raster.put("offset", offset / quantification);
            }
            ((ArrayNode) asset.get("roles")).add("reflectance");
        } else if (code.equals("AOT") || code.equals("WVP")) {
            raster.put("scale", 1 / number(mtd, code + "_QUANTIFICATION_VALUE").orElse(1000.0)).put("offset", 0);
            if (code.equals("WVP")) {
                raster.put("unit", "cm");
            }
        } else if (code.equals("SCL")) {
            raster.put("data_type", "uint8");
            raster.set("classification:classes", sceneClasses(mtd));
        } else {
            // the true colour image: 8-bit RGB, for display
            asset.set("roles", JSON.createArrayNode().add("visual"));
            ArrayNode eo = asset.putArray("eo:bands");
            for (String rgb : List.of("B04", "B03", "B02")) {
                SentinelBands.Band b = SentinelBands.BY_FILE_CODE.get(rgb);
                eo.addObject().put("name", rgb).put("common_name", b.key());
            }
            return;
        }
        asset.putArray("raster:bands").add(raster);
    }

    /** proj:shape and proj:transform of the tile's grid at {@code resolution}, from MTD_TL.xml's Tile_Geocoding. */
    private static void grid(ObjectNode asset, Document tile, int resolution) {
        Optional<Element> size = child(tile, "Size", resolution);
        Optional<Element> position = child(tile, "Geoposition", resolution);
        if (size.isEmpty() || position.isEmpty()) {
            return;
        }
        asset.putArray("proj:shape").add(Integer.parseInt(childText(size.get(), "NROWS")))
                .add(Integer.parseInt(childText(size.get(), "NCOLS")));
        double ulx = Double.parseDouble(childText(position.get(), "ULX"));
        double uly = Double.parseDouble(childText(position.get(), "ULY"));
        asset.putArray("proj:transform").add(resolution).add(0).add(ulx).add(0).add(-resolution).add(uly);
    }

    /** SCL's classes from MTD_MSIL2A.xml's Scene_Classification_List (SC_VEGETATION 4 -> vegetation). */
    static ArrayNode sceneClasses(Document mtd) {
        ArrayNode classes = JSON.createArrayNode();
        for (Node node : Sen2CorProcess.elementsNamed(mtd, "Scene_Classification_ID")) {
            Element e = (Element) node;
            String text = childText(e, "SCENE_CLASSIFICATION_TEXT");
            classes.addObject().put("value", Integer.parseInt(childText(e, "SCENE_CLASSIFICATION_INDEX")))
                    .put("name", text.replaceFirst("^SC_", "").toLowerCase(Locale.ROOT)).put("description", text);
        }
        return classes;
    }

    /** UTM zone of an MGRS tile (T21JUK): north of the equator from latitude band N, EPSG 326zz, else 327zz. */
    static int epsg(String tile) {
        int zone = Integer.parseInt(tile.substring(1, 3));
        return (tile.charAt(3) >= 'N' ? 32600 : 32700) + zone;
    }

    /** BOA_ADD_OFFSET per band_id: present from baseline 04.00 on. */
    private static Map<String, Double> offsets(Document mtd) {
        Map<String, Double> out = new HashMap<>();
        for (Node node : Sen2CorProcess.elementsNamed(mtd, "BOA_ADD_OFFSET")) {
            Element e = (Element) node;
            out.put(e.getAttribute("band_id"), Double.parseDouble(e.getTextContent().strip()));
        }
        return out;
    }

    private static Optional<Document> granule(Path mtdTl) {
        try {
            return Optional.of(Sen2CorProcess.parseMetadata(mtdTl));
        } catch (RunnerFailure e) {
            // without it the item lacks the grid and the tile's figures, not the product
            return Optional.empty();
        }
    }

    private static Optional<Element> child(Document doc, String name, int resolution) {
        return Sen2CorProcess.elementsNamed(doc, name).stream().map(Element.class::cast)
                .filter(e -> String.valueOf(resolution).equals(e.getAttribute("resolution"))).findFirst();
    }

    private static String childText(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (e.getNodeName().equals(name) || e.getNodeName().endsWith(":" + name))) {
                return e.getTextContent().strip();
            }
        }
        return "";
    }

    private static String attribute(Document doc, String element, String attribute) {
        return Sen2CorProcess.elementsNamed(doc, element).stream().map(n -> ((Element) n).getAttribute(attribute))
                .filter(v -> !v.isEmpty()).findFirst().orElse("");
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

    private static void put(ObjectNode node, String key, String value) {
        if (!value.isEmpty()) {
            node.put(key, value);
        }
    }

    private static String text(Document doc, String tag) {
        return Sen2CorProcess.elementText(doc, tag).orElse("");
    }

    private static Optional<Double> number(Document doc, String tag) {
        try {
            return Sen2CorProcess.elementText(doc, tag).map(Double::parseDouble);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
