package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.testing.LocalControlPlane;

/**
 * The documented way to add the health checks to a running Argo CD, with the real kubectl and API server: the
 * merge patch keeps argocd-cm's label (Argo CD reads only ConfigMaps labelled part-of: argocd) and every other key.
 */
class ArgoCdConfigOnApiServerTest {

    @Test
    void theMergePatchKeepsArgoCdsLabelAndSettings() {
        LocalControlPlane cluster = LocalControlPlane.get();
        try (KubernetesClient client = cluster.client()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("argocd").endMetadata().build())
                    .serverSideApply();
            client.configMaps().inNamespace("argocd").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("argocd-cm").withLabels(Map.of("app.kubernetes.io/part-of", "argocd")).endMetadata()
                    .withData(Map.of("url", "https://argocd.example", "exec.enabled", "true")).build()).serverSideApply();

            var patched = cluster.kubectl("-n", "argocd", "patch", "configmap", "argocd-cm", "--type", "merge",
                    "--patch-file", "src/main/argocd/argocd-cm-patch.yaml");
            assertThat(patched.exitCode()).as(patched.output()).isZero();

            ConfigMap cm = client.configMaps().inNamespace("argocd").withName("argocd-cm").get();
            assertThat(cm.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "argocd");
            assertThat(cm.getData()).containsEntry("url", "https://argocd.example").containsEntry("exec.enabled", "true")
                    .containsKeys("resource.customizations.health.sen2cor.io_BatchEnvironment",
                            "resource.customizations.health.sen2cor.io_Sen2CorJob",
                            "resource.customizations.health.sen2cor.io_Sen2CorSubscription");
        }
    }
}
