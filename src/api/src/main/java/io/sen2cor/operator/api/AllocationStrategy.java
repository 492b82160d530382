package io.sen2cor.operator.api;

public enum AllocationStrategy {
    BEST_FIT, BEST_FIT_PROGRESSIVE,
    /** BEST_FIT_PROGRESSIVE taking instanceTypes in the order given. */
    BEST_FIT_PROGRESSIVE_ORDERED,
    SPOT_CAPACITY_OPTIMIZED, SPOT_PRICE_CAPACITY_OPTIMIZED,
    /** SPOT_CAPACITY_OPTIMIZED preferring instanceTypes in the order given. */
    SPOT_CAPACITY_OPTIMIZED_PRIORITIZED
}
