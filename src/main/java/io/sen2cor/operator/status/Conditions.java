package io.sen2cor.operator.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.sen2cor.operator.api.ConditionedStatus;

/**
 * metav1.Condition bookkeeping: one entry per type, lastTransitionTime kept while the status does not
 * change (so a reconcile that changes nothing writes nothing).
 */
public final class Conditions {

    private Conditions() {
    }

    /** Returns a new list with the condition of {@code type} set; other conditions are kept as they are. */
    public static List<Condition> set(List<Condition> current, String type, boolean status, String reason,
            String message, Long generation, Instant now) {
        String value = status ? "True" : "False";
        List<Condition> result = new ArrayList<>();
        boolean found = false;
        for (Condition c : current == null ? List.<Condition> of() : current) {
            if (!type.equals(c.getType())) {
                result.add(c);
                continue;
            }
            found = true;
            String transition = value.equals(c.getStatus()) ? c.getLastTransitionTime() : timestamp(now);
            result.add(build(type, value, reason, message, generation, transition));
        }
        if (!found) {
            result.add(build(type, value, reason, message, generation, timestamp(now)));
        }
        return result;
    }

    /** Returns a new list without the condition of {@code type}. */
    public static List<Condition> remove(List<Condition> current, String type) {
        return current == null ? null : current.stream().filter(c -> !type.equals(c.getType())).toList();
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** The Ready condition of a resource, if its status has one yet. */
    public static Optional<Condition> ready(CustomResource<?, ? extends ConditionedStatus> resource) {
        return resource == null || resource.getStatus() == null ? Optional.empty()
                : find(resource.getStatus().getConditions(), ConditionType.READY);
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static Condition build(String type, String status, String reason, String message, Long generation,
            String transition) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message == null ? "" : message).withObservedGeneration(generation)
                .withLastTransitionTime(transition).build();
    }

    private static String timestamp(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
