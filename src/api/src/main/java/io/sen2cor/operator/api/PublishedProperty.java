package io.sen2cor.operator.api;

/** The item property a subscription reads as the time the catalogue published an item, or none. */
public enum PublishedProperty {
    /** When the item was first written to the catalogue (STAC common metadata; Earth Search sets it). */
    created,
    /** When the item last changed: also finds items whose metadata changed since, at the price of more matches. */
    updated,
    /** Only the sensing-time window: a scene published more than lookback after sensing is not found. */
    none
}
