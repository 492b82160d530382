package io.sen2cor.operator.api;

/** Lifecycle of a Sen2CorJob, shown as a printer column. */
public enum JobPhase {
    Pending, Submitting, Running, Succeeded, PartiallySucceeded, Failed, Cancelled
}
