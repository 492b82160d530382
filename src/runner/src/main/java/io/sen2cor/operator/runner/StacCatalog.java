package io.sen2cor.operator.runner;

import java.time.Instant;
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
    static final String SENTINEL_LEGAL_NOTICE = "https://sentinel.esa.int/documents/247904/690755/Sentinel_Data_Legal_Notice";

    private StacCatalog() {
    }

    /**
     * @param bbox     west, south, east, north; null when the record predates it
     * @param datetime RFC 3339; null when the record predates it
     */
    public record Item(String href, List<Double> bbox, String datetime) {
    }

    /** The collection of Sen2CorJob {@code namespace/job}, to be stored at {@code selfHref}. */
    public static ObjectNode of(String namespace, String job, String selfHref, List<Item> items) {
        String name = namespace + "/" + job;
        ObjectNode collection = JSON.createObjectNode();
        collection.put("type", "Collection");
        collection.put("stac_version", "1.0.0");
        collection.put("id", namespace + "." + job);
        collection.put("title", "Sen2CorJob " + name);
        collection.put("description", "Sentinel-2 L2A products made by Sen2Cor for Sen2CorJob " + name + " ("
                + items.size() + " items)");
        collection.put("license", "proprietary");
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

    /** The union of the items' bboxes (the whole Earth when none is known; a bbox across the antimeridian widens it). */
    static ArrayNode spatial(List<Item> items) {
        double west = 180;
        double south = 90;
        double east = -180;
        double north = -90;
        boolean any = false;
        for (Item item : items) {
            if (item.bbox() == null || item.bbox().size() != 4) {
                continue;
            }
            any = true;
            west = Math.min(west, item.bbox().get(0));
            south = Math.min(south, item.bbox().get(1));
            east = Math.max(east, item.bbox().get(2));
            north = Math.max(north, item.bbox().get(3));
        }
        ArrayNode bbox = JSON.createArrayNode();
        if (!any || west > east) {
            return bbox.add(-180.0).add(-90.0).add(180.0).add(90.0);
        }
        return bbox.add(west).add(south).add(east).add(north);
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
