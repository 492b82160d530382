package io.sen2cor.operator.api;

import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;

/** A status with metav1.Conditions, so code that reads conditions serves both kinds. */
public interface ConditionedStatus {

    List<Condition> getConditions();
}
