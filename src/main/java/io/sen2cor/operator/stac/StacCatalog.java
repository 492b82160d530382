package io.sen2cor.operator.stac;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sen2cor.operator.api.Sen2CorJob;

/**
 * The STAC catalog of a finished Sen2CorJob (docs/stac.md): one item link per L2A product the runner published
 * (result.json's stacItem), with absolute hrefs, since the items sit in the output prefix that other jobs may share.
 */
public final class StacCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StacCatalog() {
    }

    public static ObjectNode of(Sen2CorJob job, String selfHref, List<String> itemHrefs) {
        ObjectNode catalog = JSON.createObjectNode();
        catalog.put("type", "Catalog");
        catalog.put("stac_version", "1.0.0");
        catalog.put("id", job.getMetadata().getNamespace() + "." + job.getMetadata().getName());
        catalog.put("title", "Sen2CorJob " + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName());
        catalog.put("description", "Sentinel-2 L2A products made by Sen2Cor for Sen2CorJob " + job.getMetadata().getNamespace()
                + "/" + job.getMetadata().getName() + " (" + itemHrefs.size() + " items)");
        ArrayNode links = catalog.putArray("links");
        links.addObject().put("rel", "self").put("href", selfHref).put("type", "application/json");
        links.addObject().put("rel", "root").put("href", selfHref).put("type", "application/json");
        for (String href : itemHrefs) {
            links.addObject().put("rel", "item").put("href", href).put("type", "application/geo+json");
        }
        return catalog;
    }
}
