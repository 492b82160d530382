package io.sen2cor.operator.aws;

import java.util.LinkedHashMap;
import java.util.Map;

import io.sen2cor.operator.api.BatchEnvironment;

/**
 * Tags that mark an AWS resource as created (or explicitly adopted) by a BatchEnvironment. The operator never
 * changes or deletes a resource whose {@link #OWNER_UID} is not the environment's UID (docs/architecture.md, "AWS Batch").
 */
public final class OwnershipTags {

    public static final String OWNER_UID = "sen2cor.io/owner-uid";
    public static final String ENVIRONMENT = "sen2cor.io/batch-environment";
    /** The spec entry (computeEnvironments[].name) a compute environment implements. */
    public static final String COMPUTE_ENVIRONMENT = "sen2cor.io/compute-environment";
    /** 1 for the first compute environment of an entry, +1 for each blue/green replacement. */
    public static final String GENERATION = "sen2cor.io/generation";
    public static final String MANAGED_BY = "sen2cor.io/managed-by";
    public static final String OPERATOR = "sen2cor-operator";

    private OwnershipTags() {
    }

    public static Map<String, String> forEnvironment(BatchEnvironment env) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(OWNER_UID, env.getMetadata().getUid());
        tags.put(ENVIRONMENT, env.getMetadata().getName());
        tags.put(MANAGED_BY, OPERATOR);
        return tags;
    }

    /** Tags of a compute environment: ownership, the spec entry and generation, and the user's tags. */
    public static Map<String, String> forComputeEnvironment(BatchEnvironment env, String entry, int generation,
            Map<String, String> userTags) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (userTags != null) {
            tags.putAll(userTags);
        }
        tags.putAll(forEnvironment(env));
        tags.put(COMPUTE_ENVIRONMENT, entry);
        tags.put(GENERATION, String.valueOf(generation));
        return tags;
    }

    public static boolean ownedBy(Map<String, String> tags, String uid) {
        return tags != null && uid != null && uid.equals(tags.get(OWNER_UID));
    }

    /** Who owns it, for messages: "BatchEnvironment x (uid ...)" or "nobody (untagged)". */
    public static String describeOwner(Map<String, String> tags) {
        if (tags == null || !tags.containsKey(OWNER_UID)) {
            return "no sen2cor.io/owner-uid tag";
        }
        return "owned by BatchEnvironment " + tags.getOrDefault(ENVIRONMENT, "?") + " (uid " + tags.get(OWNER_UID) + ")";
    }

    public static int generation(Map<String, String> tags) {
        try {
            return Integer.parseInt(tags.getOrDefault(GENERATION, "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
