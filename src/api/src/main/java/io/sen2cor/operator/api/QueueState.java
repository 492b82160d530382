package io.sen2cor.operator.api;

public enum QueueState {
    ENABLED, DISABLED
}
