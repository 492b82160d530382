package io.sen2cor.operator.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * JOSDK's reconcile metrics ({@code reconciliations_execution_duration_seconds}, {@code reconciliations_*_total},
 * {@code events_received_total}) on the operator's registry. quarkus-operator-sdk 7.7's own default bean hands
 * JOSDK {@code Metrics.NOOP} in the packaged (prod) operator when the operator is configured before the registry
 * has bound its binders (upstream issue quarkus-operator-sdk#1385, fixed in a later release): the packaged
 * operator exposed no reconcile metric at all. Producing the bean from the injected registry does not depend on
 * that order, and replaces the default bean.
 */
public class ReconcileMetrics {

    @Produces
    @Singleton
    Metrics josdkMetrics(MeterRegistry registry) {
        return MicrometerMetricsV2.newBuilder(registry).build();
    }
}
