package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * jobQueue.stuckJobTimeouts: how long AWS Batch may keep a job RUNNABLE at the head of the queue, by the reason it
 * gives, before it cancels it so the jobs behind it can run (the queue's jobStateTimeLimitActions).
 */
public class StuckJobTimeoutsSpec {

    /** A Patterns.DURATION, or off. */
    static final String TIMEOUT = "^(off|[0-9]{1,4}h([0-9]{1,4}m)?([0-9]{1,5}s)?|[0-9]{1,4}m([0-9]{1,5}s)?|[0-9]{1,6}s)$";
    static final String RANGE = "self == 'off' || duration(self) >= duration('10m') && duration(self) <= duration('24h')";
    static final String RANGE_MESSAGE = "between 10m and 24h (AWS Batch's limits), or off";

    @JsonPropertyDescription("For MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE and MISCONFIGURATION:JOB_RESOURCE_"
            + "REQUIREMENT: no compute environment can ever run the job (maxVcpus too low, no instance type with its "
            + "vCPUs and memory). 10m to 24h, or off.")
    @Pattern(TIMEOUT)
    @ValidationRule(value = RANGE, message = RANGE_MESSAGE)
    @Default("30m")
    private String misconfiguration = "30m";

    @JsonPropertyDescription("For CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY: EC2 has no capacity for the allowed instance "
            + "types (often Spot). 10m to 24h, or off.")
    @Pattern(TIMEOUT)
    @ValidationRule(value = RANGE, message = RANGE_MESSAGE)
    @Default("4h")
    private String capacity = "4h";

    public String getMisconfiguration() {
        return misconfiguration;
    }

    public void setMisconfiguration(String misconfiguration) {
        this.misconfiguration = misconfiguration;
    }

    public String getCapacity() {
        return capacity;
    }

    public void setCapacity(String capacity) {
        this.capacity = capacity;
    }
}
