package io.sen2cor.operator.validation;

import io.sen2cor.operator.api.AwsBatchSpec;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.ComputeEnvironmentSpec;
import io.sen2cor.operator.status.ConditionReason;

/** Semantic checks of a BatchEnvironment that the schema cannot express (they involve metadata.name). */
public final class EnvironmentValidation {

    /** AWS Batch limit for compute environment and job queue names, less room for a "-NNN" replacement suffix. */
    static final int AWS_NAME_MAX = 128 - 4;

    private EnvironmentValidation() {
    }

    public static Verdict evaluate(BatchEnvironment env) {
        AwsBatchSpec aws = env.getSpec().getAwsBatch();
        if (aws == null) {
            return Verdict.ACCEPTED;
        }
        String name = env.getMetadata().getName();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            return Verdict.reject(ConditionReason.InvalidSpec, "metadata.name '" + name
                    + "' has characters AWS Batch names do not allow (only letters, digits, '-' and '_'); "
                    + "use a name without dots");
        }
        for (ComputeEnvironmentSpec ce : aws.getComputeEnvironments()) {
            String awsName = awsComputeEnvironmentName(env, ce);
            if (awsName.length() > AWS_NAME_MAX) {
                return Verdict.reject(ConditionReason.InvalidSpec, "compute environment name '" + awsName + "' is longer than "
                        + AWS_NAME_MAX + " characters; shorten metadata.name or computeEnvironments[].name");
            }
        }
        return Verdict.ACCEPTED;
    }

    /** The AWS name of the job queue: {@code spec.awsBatch.jobQueue.name}, by default the environment's name. */
    public static String awsJobQueueName(BatchEnvironment env) {
        var queue = env.getSpec().getAwsBatch().getJobQueue();
        return queue != null && queue.getName() != null ? queue.getName() : env.getMetadata().getName();
    }

    /** The AWS name of a compute environment: {@code <BatchEnvironment>-<name>}. */
    public static String awsComputeEnvironmentName(BatchEnvironment env, ComputeEnvironmentSpec ce) {
        return env.getMetadata().getName() + "-" + ce.getName();
    }
}
