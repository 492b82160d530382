package io.sen2cor.operator.work;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sen2cor.operator.contract.RunnerContract;

/** vCPU-seconds a job's scene attempts used, by capacity ({@link Capacity}). */
public record Usage(Map<String, Double> vcpuSecondsByCapacity) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Usage none() {
        return new Usage(Map.of());
    }

    /** From result.json records: each one's vcpuSeconds under its capacity (older records without them count 0). */
    public static Usage ofRecords(Collection<String> records) {
        Map<String, Double> by = new TreeMap<>();
        for (String record : records) {
            try {
                JsonNode r = JSON.readTree(record);
                double seconds = r.path("vcpuSeconds").asDouble(0);
                if (seconds > 0) {
                    by.merge(r.path("capacity").asText(RunnerContract.CAPACITY_UNKNOWN), seconds, Double::sum);
                }
            } catch (java.io.IOException e) {
                // a record that is not JSON says nothing about usage
            }
        }
        return new Usage(Map.copyOf(by));
    }

    public Usage plus(String capacity, double vcpuSeconds) {
        Map<String, Double> by = new TreeMap<>(vcpuSecondsByCapacity);
        by.merge(capacity, vcpuSeconds, Double::sum);
        return new Usage(Map.copyOf(by));
    }

    public double totalSeconds() {
        return vcpuSecondsByCapacity.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
