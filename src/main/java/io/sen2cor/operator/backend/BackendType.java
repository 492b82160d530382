package io.sen2cor.operator.backend;

import io.sen2cor.operator.api.BatchEnvironment;

/** Which system runs the work; the value shown in status.backend. */
public enum BackendType {
    AWS_BATCH("awsBatch"), KUBERNETES("kubernetes");

    private final String apiName;

    BackendType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static BackendType of(BatchEnvironment env) {
        return env.getSpec().getAwsBatch() != null ? AWS_BATCH : KUBERNETES;
    }
}
