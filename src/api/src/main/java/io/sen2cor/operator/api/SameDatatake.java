package io.sen2cor.operator.api;

/** What a selection does with products of one tile and datatake at several processing baselines. */
public enum SameDatatake {
    /** Only the highest processing baseline (the latest product discriminator on a tie). */
    NewestBaseline,
    /** Every product. */
    All
}
