package io.sen2cor.operator.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How an observed compute environment differs from the spec, and what AWS Batch allows to do about it
 * (docs/architecture.md, "AWS Batch"): nothing, an in-place UpdateComputeEnvironment, or a new compute environment.
 */
public record ComputeEnvironmentChange(Kind kind, List<FieldChange> changes, String replacementReason, String deferred) {

    public enum Kind {
        NONE, UPDATE, REPLACE
    }

    /** Which AWS rule a changed field falls under. */
    public enum ChangeClass {
        /** ENABLED/DISABLED: always in place. */
        STATE,
        /** min/max/desired vCPUs: always in place. */
        SCALING,
        /** In place only with the service-linked role and an updatable allocation strategy. */
        INFRASTRUCTURE,
        /** Never in place. */
        REPLACEMENT
    }

    public record FieldChange(String field, ChangeClass changeClass, Object from, Object to) {
        @Override
        public String toString() {
            return field + " " + from + " -> " + to;
        }
    }

    public static final ComputeEnvironmentChange NONE = new ComputeEnvironmentChange(Kind.NONE, List.of(), null, null);

    /** Classifies the difference; a pure function of its two arguments. */
    public static ComputeEnvironmentChange classify(ComputeEnvironmentShape desired, ComputeEnvironmentShape observed) {
        List<FieldChange> changes = new ArrayList<>();
        // EC2 <-> SPOT is an infrastructure update in AWS (ComputeResourceUpdate.type), not a new compute environment
        diff(changes, "provisioning", ChangeClass.INFRASTRUCTURE, observed.resourceType(), desired.resourceType());
        diff(changes, "spotFleetRole", ChangeClass.REPLACEMENT, observed.spotFleetRole(), desired.spotFleetRole());
        // one custom role for another is a plain update in AWS; the service-linked role and a custom role cannot be
        // swapped for each other on an existing compute environment
        boolean roleKindChanges = (observed.customServiceRole() == null) != (desired.customServiceRole() == null);
        diff(changes, "serviceRole", roleKindChanges ? ChangeClass.REPLACEMENT : ChangeClass.SCALING,
                observed.customServiceRole(), desired.customServiceRole());
        // unsetting an AMI or a launch template is an infrastructure update too: the update sends an empty string
        diff(changes, "imageId", ChangeClass.INFRASTRUCTURE, observed.imageId(), desired.imageId());
        diff(changes, "launchTemplate", ChangeClass.INFRASTRUCTURE, observed.launchTemplate(), desired.launchTemplate());
        if (desired.imageType() != null) {
            // unset leaves AWS's (or the creation default's) image type alone: an upgrade of the operator must not
            // replace compute environments by itself
            diff(changes, "imageType", ChangeClass.INFRASTRUCTURE, observed.imageType(), desired.imageType());
        }
        diff(changes, "allocationStrategy", ChangeClass.INFRASTRUCTURE, observed.allocationStrategy(),
                desired.allocationStrategy());
        if (desired.bidPercentage() != null) {
            // unset is AWS's default (up to the On-Demand price), which AWS may describe as 100 or not at all
            diff(changes, "maxSpotPricePercent", ChangeClass.INFRASTRUCTURE, observed.bidPercentage(), desired.bidPercentage());
        }
        diff(changes, "instanceTypes", ChangeClass.INFRASTRUCTURE, observed.instanceTypes(), desired.instanceTypes());
        diff(changes, "instanceRole", ChangeClass.INFRASTRUCTURE, observed.instanceProfile(), desired.instanceProfile());
        diff(changes, "subnets", ChangeClass.INFRASTRUCTURE, observed.subnets(), desired.subnets());
        diff(changes, "securityGroups", ChangeClass.INFRASTRUCTURE, observed.securityGroups(), desired.securityGroups());
        diff(changes, "tags", ChangeClass.INFRASTRUCTURE, observed.instanceTags(), desired.instanceTags());
        diff(changes, "minVcpus", ChangeClass.SCALING, observed.minVcpus(), desired.minVcpus());
        String deferred = null;
        int busy = nullToZero(observed.desiredVcpus());
        if (desired.maxVcpus() < busy && desired.maxVcpus() < observed.maxVcpus()) {
            // AWS refuses a maxvCpus below the current desiredvCpus, and desiredvCpus cannot be lowered by hand:
            // lower as far as AWS allows now, and the rest once Batch has scaled down with demand
            int step = Math.min(observed.maxVcpus(), busy);
            diff(changes, "maxVcpus", ChangeClass.SCALING, observed.maxVcpus(), step);
            deferred = "maxVcpus stays at " + step + ", not " + desired.maxVcpus() + ", until AWS Batch scales "
                    + "desiredvCpus (now " + busy + ") down with demand: AWS refuses a maxvCpus below it";
        } else {
            diff(changes, "maxVcpus", ChangeClass.SCALING, observed.maxVcpus(), desired.maxVcpus());
        }
        // Batch moves desiredvCpus itself: enforce only a value the spec sets, and never lower it (AWS refuses)
        if (desired.desiredVcpus() != null && desired.desiredVcpus() > nullToZero(observed.desiredVcpus())) {
            changes.add(new FieldChange("desiredVcpus", ChangeClass.SCALING, observed.desiredVcpus(), desired.desiredVcpus()));
        }
        diff(changes, "state", ChangeClass.STATE, state(observed.enabled()), state(desired.enabled()));

        if (changes.isEmpty()) {
            return deferred == null ? NONE : new ComputeEnvironmentChange(Kind.NONE, List.of(), null, deferred);
        }
        String reason = replacementReason(changes, desired, observed);
        return new ComputeEnvironmentChange(reason == null ? Kind.UPDATE : Kind.REPLACE, List.copyOf(changes), reason,
                deferred);
    }

    private static String replacementReason(List<FieldChange> changes, ComputeEnvironmentShape desired,
            ComputeEnvironmentShape observed) {
        List<String> never = fields(changes, ChangeClass.REPLACEMENT);
        if (!never.isEmpty()) {
            return String.join(", ", never) + " cannot change in place";
        }
        List<String> infra = fields(changes, ChangeClass.INFRASTRUCTURE);
        if (infra.isEmpty()) {
            return null;
        }
        if (observed.customServiceRole() != null) {
            return String.join(", ", infra) + " cannot change in place: the compute environment uses a custom service "
                    + "role, not AWSServiceRoleForBatch";
        }
        if (!observed.infrastructureUpdatable() || !desired.infrastructureUpdatable()) {
            return String.join(", ", infra) + " cannot change in place with allocation strategy "
                    + (observed.infrastructureUpdatable() ? desired : observed).allocationStrategy()
                    + " (only " + String.join(", ", ComputeEnvironmentShape.UPDATABLE_STRATEGIES.stream().sorted().toList())
                    + " allow it)";
        }
        return null;
    }

    public boolean hasInfrastructureChange() {
        return changes.stream().anyMatch(c -> c.changeClass() == ChangeClass.INFRASTRUCTURE);
    }

    /** The value a field changes to (what an update sends, which may be a step towards the spec). */
    public Object to(String field) {
        return changes.stream().filter(c -> c.field().equals(field)).findFirst().map(FieldChange::to).orElse(null);
    }

    public boolean changed(String field) {
        return changes.stream().anyMatch(c -> c.field().equals(field));
    }

    /** "maxVcpus 256 -> 512, instanceTypes [optimal] -> [c5]" for status, Events and logs. */
    public String describe() {
        return changes.stream().map(FieldChange::toString).collect(Collectors.joining(", "));
    }

    private static List<String> fields(List<FieldChange> changes, ChangeClass changeClass) {
        return changes.stream().filter(c -> c.changeClass() == changeClass).map(FieldChange::field).toList();
    }

    private static void diff(List<FieldChange> changes, String field, ChangeClass changeClass, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            changes.add(new FieldChange(field, changeClass, from, to));
        }
    }

    private static int nullToZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static String state(boolean enabled) {
        return enabled ? "ENABLED" : "DISABLED";
    }
}
