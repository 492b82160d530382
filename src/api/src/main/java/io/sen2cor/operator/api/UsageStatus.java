package io.sen2cor.operator.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a Sen2CorJob used and how fast it goes (docs/operations.md, "Accounting"). */
public class UsageStatus {

    @JsonPropertyDescription("Finished scenes per hour since the first submission, from the scene counts.")
    private Double scenesPerHour;

    @JsonPropertyDescription("When the last scene should finish at that rate (RFC 3339); set while scenes remain.")
    private String eta;

    @JsonPropertyDescription("vCPU-hours the scenes' attempts used, once the job has finished: wall time times the "
            + "vCPUs reserved for each attempt (AWS Batch: each scene's result.json, its last attempt; Kubernetes: "
            + "every pod of every round).")
    private Double vcpuHours;

    @JsonPropertyDescription("vcpuHours by capacity: Spot, OnDemand, SpotOrOnDemand (a queue with both kinds, which "
            + "AWS Batch does not say per job) or Unknown.")
    private Map<String, Double> vcpuHoursByCapacity;

    public Double getScenesPerHour() {
        return scenesPerHour;
    }

    public void setScenesPerHour(Double scenesPerHour) {
        this.scenesPerHour = scenesPerHour;
    }

    public String getEta() {
        return eta;
    }

    public void setEta(String eta) {
        this.eta = eta;
    }

    public Double getVcpuHours() {
        return vcpuHours;
    }

    public void setVcpuHours(Double vcpuHours) {
        this.vcpuHours = vcpuHours;
    }

    public Map<String, Double> getVcpuHoursByCapacity() {
        return vcpuHoursByCapacity;
    }

    public void setVcpuHoursByCapacity(Map<String, Double> vcpuHoursByCapacity) {
        this.vcpuHoursByCapacity = vcpuHoursByCapacity;
    }
}
