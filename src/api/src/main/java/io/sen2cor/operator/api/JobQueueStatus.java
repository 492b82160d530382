package io.sen2cor.operator.api;

/** The AWS Batch job queue as last observed. */
public class JobQueueStatus extends AwsBatchResourceStatus {
}
