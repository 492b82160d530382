package io.sen2cor.operator.api;

public enum AllocationStrategy {
    BEST_FIT, BEST_FIT_PROGRESSIVE, SPOT_CAPACITY_OPTIMIZED, SPOT_PRICE_CAPACITY_OPTIMIZED
}
