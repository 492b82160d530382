package io.sen2cor.operator.k8s;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.config.OperatorConfig;

/** The Kubernetes backends, built from the operator's client and configuration. */
public class KubernetesBackendProducer {

    @Produces
    @Singleton
    KubernetesJobBackend kubernetesJobBackend(KubernetesClient client, OperatorConfig config, Clock clock) {
        return new KubernetesJobBackend(client, new InformerReads(), config.runner().image(), config.kubernetes().unschedulableAfter(),
                config.kubernetes().resyncInterval(), clock);
    }

    @Produces
    @Singleton
    KubernetesEnvironmentBackend kubernetesEnvironmentBackend(KubernetesClient client) {
        return new KubernetesEnvironmentBackend(client);
    }
}
