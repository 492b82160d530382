package io.sen2cor.operator.api;

import io.fabric8.generator.annotation.ValidationRule;

/** spec.scenes of a Sen2CorSubscription: the area and conditions; the times come from start and the polls. */
@ValidationRule(value = SceneFilter.NEEDS_AREA, message = SceneFilter.NEEDS_AREA_MESSAGE)
@ValidationRule(value = SceneFilter.ONE_SHAPE, message = SceneFilter.ONE_SHAPE_MESSAGE)
public class SubscriptionScenes extends SceneFilter {
}
