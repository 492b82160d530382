package io.sen2cor.operator.api;

public enum Provisioning {
    SPOT, ON_DEMAND
}
