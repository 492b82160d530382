package io.sen2cor.operator.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code <output>/<L1C id>/result.json}: written last, so SUCCEEDED there means the L2A product is completely
 * uploaded. Timings per step, wall time and vCPU-seconds with the capacity (Spot, On-Demand) it ran on, bytes moved,
 * Sen2Cor version, exit code and error.
 */
public final class SceneResult {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, Double> timings = new LinkedHashMap<>();

    public SceneResult(String product) {
        fields.put("product", product);
    }

    public SceneResult put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public void time(String step, long nanos) {
        timings.put(step + "Seconds", Math.round(nanos / 1e6) / 1000.0);
    }

    /** The attempt's wall time and vCPU-seconds on the {@code vcpus} reserved for it. */
    public void usage(long nanos, int vcpus) {
        double wall = Math.round(nanos / 1e6) / 1000.0;
        fields.put("wallSeconds", wall);
        fields.put("vcpus", vcpus);
        fields.put("vcpuSeconds", Math.round(wall * vcpus * 1000) / 1000.0);
    }

    public String toJson() {
        Map<String, Object> all = new LinkedHashMap<>(fields);
        all.put("timings", timings);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a result.json's content says the scene succeeded. */
    /** The STAC item a record names (stacItem), or "" when none. */
    public static String stacItem(String json) {
        try {
            return JSON.readTree(json).path("stacItem").asText("");
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    /** The bbox and datetime of the STAC item a record names, as the runner copied them in; empty for older records. */
    public static Optional<ItemExtent> stacItemExtent(String json) {
        try {
            var record = JSON.readTree(json);
            var bbox = record.path("stacItemBbox");
            String datetime = record.path("stacItemDatetime").asText("");
            if (!bbox.isArray() || bbox.size() != 4 || datetime.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ItemExtent(List.of(bbox.get(0).asDouble(), bbox.get(1).asDouble(), bbox.get(2).asDouble(),
                    bbox.get(3).asDouble()), datetime));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** An item's bbox (west, south, east, north) and datetime (RFC 3339). */
    public record ItemExtent(List<Double> bbox, String datetime) {
    }

    /**
     * Whether a scene's record lets a run keep its product instead of processing again: SUCCEEDED, and made with
     * {@code settings} (a record without them, written before they were recorded, counts as the same) unless
     * {@code keepAny}.
     */
    public static boolean reusable(String json, String settings, boolean keepAny) {
        try {
            JsonNode record = JSON.readTree(json);
            if (!RunnerContract.RESULT_SUCCEEDED.equals(record.path("status").asText())) {
                return false;
            }
            return keepAny || !record.has("settings") || record.path("settings").asText().equals(settings);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    public static boolean succeeded(String json) {
        try {
            return RunnerContract.RESULT_SUCCEEDED.equals(JSON.readTree(json).path("status").asText());
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
