package io.sen2cor.operator.aws;

import java.util.Optional;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.ComputeEnvironmentSpec;

/**
 * The names a BatchEnvironment's resources get in AWS Batch, and whether AWS can take them: letters, digits, '-'
 * and '_' only, at most 128 characters (4 kept for the blue/green suffix, {@code -2}, {@code -3}, ...).
 */
public final class BatchNames {

    static final int MAX = 128 - 4;

    private BatchNames() {
    }

    /** The AWS name of the job queue: {@code spec.awsBatch.jobQueue.name}, by default the environment's name. */
    public static String jobQueue(BatchEnvironment env) {
        var queue = env.getSpec().getAwsBatch().getJobQueue();
        return queue != null && queue.getName() != null ? queue.getName() : env.getMetadata().getName();
    }

    /** The AWS name of the On-Demand job queue of an environment with Spot and On-Demand compute environments. */
    public static String onDemandJobQueue(BatchEnvironment env) {
        return jobQueue(env) + "-on-demand";
    }

    /** The AWS name of a compute environment: {@code <BatchEnvironment>-<name>}. */
    public static String computeEnvironment(BatchEnvironment env, ComputeEnvironmentSpec ce) {
        return env.getMetadata().getName() + "-" + ce.getName();
    }

    /** Why AWS Batch cannot use the names this environment would give its resources; empty when it can. */
    public static Optional<String> problem(BatchEnvironment env) {
        String name = env.getMetadata().getName();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            return Optional.of("metadata.name '" + name + "' has characters AWS Batch names do not allow (only letters, "
                    + "digits, '-' and '_'); use a name without dots");
        }
        for (ComputeEnvironmentSpec ce : env.getSpec().getAwsBatch().getComputeEnvironments()) {
            String aws = computeEnvironment(env, ce);
            if (aws.length() > MAX) {
                return Optional.of("compute environment name '" + aws + "' is longer than " + MAX
                        + " characters; shorten metadata.name or computeEnvironments[].name");
            }
        }
        return Optional.empty();
    }
}
