package io.sen2cor.operator.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The STAC collection of a finished Sen2CorJob (docs/stac.md): one item link per L2A product the runner published
 * (result.json's stacItem), with absolute hrefs, since the items sit in the output prefix that other jobs may share,
 * and the extent of those items (their bboxes and datetimes, which the runner copies into result.json). Written by
 * the operator on AWS Batch and by the runner's catalog task on Kubernetes, where only the pods reach the store.
 */
public final class StacCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The Copernicus Sentinel data terms, as Earth Search's collections link them. */
    public static final String SENTINEL_LEGAL_NOTICE = "https://sentinel.esa.int/documents/247904/690755/Sentinel_Data_Legal_Notice";

    private StacCatalog() {
    }

    /**
     * @param bbox     west, south, east, north; null when the record predates it
     * @param datetime RFC 3339; null when the record predates it
     */
    public record Item(String href, List<Double> bbox, String datetime) {
    }

    /** The collection id of Sen2CorJob {@code namespace/job}, which its items name. */
    public static String id(String namespace, String job) {
        return namespace + "." + job;
    }

    /** The collection of Sen2CorJob {@code namespace/job}, to be stored at {@code selfHref}. */
    public static ObjectNode of(String namespace, String job, String selfHref, List<Item> items) {
        String name = namespace + "/" + job;
        ObjectNode collection = JSON.createObjectNode();
        collection.put("type", "Collection");
        collection.put("stac_version", "1.0.0");
        collection.put("id", id(namespace, job));
        collection.put("title", "Sen2CorJob " + name);
        collection.put("description", "Sentinel-2 L2A products made by Sen2Cor for Sen2CorJob " + name + " ("
                + items.size() + " items)");
        collection.put("license", "proprietary");
        ArrayNode extensions = collection.putArray("stac_extensions");
        extensions.add("https://stac-extensions.github.io/item-assets/v1.0.0/schema.json");
        ArrayNode providers = collection.putArray("providers");
        providers.addObject().put("name", "ESA").put("url", "https://earth.esa.int/web/guest/home")
                .putArray("roles").add("producer").add("licensor");
        providers.addObject().put("name", "sen2cor-operator (Sen2Cor)").put("description", "Level-2A processing of "
                + "Sentinel-2 Level-1C products with ESA's Sen2Cor").putArray("roles").add("processor");
        ObjectNode summaries = collection.putObject("summaries");
        summaries.putArray("constellation").add("sentinel-2");
        summaries.putArray("instruments").add("msi");
        summaries.putArray("gsd").add(10).add(20).add(60);
        collection.set("item_assets", itemAssets());
        ObjectNode extent = collection.putObject("extent");
        extent.putObject("spatial").putArray("bbox").add(spatial(items));
        extent.putObject("temporal").putArray("interval").add(temporal(items));
        ArrayNode links = collection.putArray("links");
        links.addObject().put("rel", "self").put("href", selfHref).put("type", "application/json");
        links.addObject().put("rel", "root").put("href", selfHref).put("type", "application/json");
        links.addObject().put("rel", "license").put("href", SENTINEL_LEGAL_NOTICE);
        for (Item item : items) {
            links.addObject().put("rel", "item").put("href", item.href()).put("type", "application/geo+json");
        }
        return collection;
    }

    /**
     * The union of the items' bboxes; the whole Earth when none is known. Longitudes are unioned on the circle: items on
     * both sides of the antimeridian (a bbox with west greater than east, or tiles of UTM zones 1 and 60) give a bbox
     * across it, west greater than east, not one around the world.
     */
    static ArrayNode spatial(List<Item> items) {
        double south = 90;
        double north = -90;
        List<double[]> spans = new ArrayList<>();
        for (Item item : items) {
            if (item.bbox() == null || item.bbox().size() != 4) {
                continue;
            }
            double west = item.bbox().get(0);
            double east = item.bbox().get(2);
            // on [-180, 540): a span across the antimeridian continues past 180
            spans.add(new double[] {west, west <= east ? east : east + 360});
            south = Math.min(south, item.bbox().get(1));
            north = Math.max(north, item.bbox().get(3));
        }
        ArrayNode bbox = JSON.createArrayNode();
        if (spans.isEmpty()) {
            return bbox.add(-180.0).add(-90.0).add(180.0).add(90.0);
        }
        double[] lon = longitudes(spans);
        return bbox.add(lon[0]).add(south).add(lon[1]).add(north);
    }

    /** West and east of the smallest arc holding every span: everything but the largest gap between them. */
    static double[] longitudes(List<double[]> spans) {
        List<double[]> sorted = spans.stream().sorted(java.util.Comparator.comparingDouble(a -> a[0])).toList();
        // merge overlapping spans, then the widest gap (the one around the circle included) is what is left out
        List<double[]> merged = new ArrayList<>();
        for (double[] span : sorted) {
            double[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span[0] <= last[1]) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                merged.add(new double[] {span[0], span[1]});
            }
        }
        double[] first = merged.get(0);
        double[] lastSpan = merged.get(merged.size() - 1);
        // the gap around the circle (negative when the last span reaches past 180 over the first)
        double widest = first[0] + 360 - lastSpan[1];
        double west = first[0];
        double east = lastSpan[1];
        for (int i = 1; i < merged.size(); i++) {
            double gap = merged.get(i)[0] - merged.get(i - 1)[1];
            if (gap > widest) {
                widest = gap;
                west = merged.get(i)[0];
                east = merged.get(i - 1)[1];
            }
        }
        if (widest <= 0) {
            return new double[] {-180, 180};
        }
        return new double[] {normalise(west), normalise(east)};
    }

    private static double normalise(double lon) {
        double l = lon;
        while (l > 180) {
            l -= 360;
        }
        while (l < -180) {
            l += 360;
        }
        return l;
    }

    /** What every item's main assets are, as Earth Search's collection lists them (keys of {@link SentinelBands}). */
    static ObjectNode itemAssets() {
        ObjectNode assets = JSON.createObjectNode();
        SentinelBands.BY_FILE_CODE.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> {
            SentinelBands.Band band = e.getValue();
            ObjectNode asset = assets.putObject(band.key());
            asset.put("title", band.title() + (band.spectral() ? " - " + band.native_() + "m" : ""));
            asset.put("type", "image/jp2");
            ArrayNode roles = asset.putArray("roles");
            if (band.key().equals("visual")) {
                roles.add("visual");
            } else {
                roles.add("data");
            }
            if (band.spectral()) {
                roles.add("reflectance");
                asset.put("gsd", band.native_());
            }
        });
        return assets;
    }

    /** The items' first and last datetimes; open ends when none is known. */
    static ArrayNode temporal(List<Item> items) {
        List<Instant> times = items.stream().map(Item::datetime).filter(Objects::nonNull).map(Instant::parse).sorted().toList();
        ArrayNode interval = JSON.createArrayNode();
        if (times.isEmpty()) {
            return interval.addNull().addNull();
        }
        return interval.add(times.get(0).toString()).add(times.get(times.size() - 1).toString());
    }
}
