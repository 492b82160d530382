package io.sen2cor.operator.k8s;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.status.EventSink;

/** The Kubernetes backends, built from the operator's client and configuration. */
public class KubernetesBackendProducer {

    @Produces
    @Singleton
    KubernetesJobBackend kubernetesJobBackend(KubernetesClient client, EventSink events,
            @ConfigProperty(name = "sen2cor.runner.image", defaultValue = "sen2cor-runner:latest") String image,
            @ConfigProperty(name = "sen2cor.kubernetes.unschedulable-after", defaultValue = "15m") Duration stuckAfter) {
        return new KubernetesJobBackend(client, events, image, stuckAfter, Clock.systemUTC());
    }

    @Produces
    @Singleton
    KubernetesEnvironmentBackend kubernetesEnvironmentBackend() {
        return new KubernetesEnvironmentBackend();
    }
}
