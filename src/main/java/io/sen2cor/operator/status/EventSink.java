package io.sen2cor.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Where Kubernetes Events about the operator's resources go (the reconciler's EventRecorder in the operator). */
public interface EventSink {

    void record(HasMetadata resource, EventReasonCode reason, String message);
}
