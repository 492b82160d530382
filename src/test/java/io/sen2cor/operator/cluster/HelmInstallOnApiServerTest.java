package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;

import io.sen2cor.operator.testing.Kubectl;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.Projects;

/**
 * The chart installed with Helm into the real local control plane; then the API server's own authorizer (kubectl
 * auth can-i as the operator's ServiceAccount) shows the ClusterRole allows what the operator does and refuses
 * what it does not need.
 */
class HelmInstallOnApiServerTest {

    static final String SA = "system:serviceaccount:sen2cor-system:s2c-sen2cor-operator";
    static LocalControlPlane cluster;

    @BeforeAll
    static void install() {
        cluster = LocalControlPlane.get();
        new Helm(Projects.dir().resolve("helm")).install().withName("s2c").withNamespace("sen2cor-system").createNamespace()
                .withKubeVersion("v1.37.2").withKubeConfig(cluster.kubeconfig()).call();
    }

    @Test
    void installedObjectsAndCrds() {
        Kubectl.Result get = cluster.kubectl("get", "deployment,serviceaccount,service", "-n", "sen2cor-system");
        assertThat(get.output()).contains("deployment.apps/s2c-sen2cor-operator", "serviceaccount/s2c-sen2cor-operator",
                "service/s2c-sen2cor-operator-metrics");
        assertThat(cluster.kubectl("get", "crd", "sen2corjobs.sen2cor.io").exitCode()).isZero();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "patch, sen2corjobs.sen2cor.io/status, eo, yes",
            "update, batchenvironments.sen2cor.io/finalizers, '', yes",
            "watch, batchenvironments.sen2cor.io, '', yes",
            "create, jobs.batch, eo, yes",
            "create, configmaps, eo, yes",
            "delete, configmaps, eo, yes",
            "list, pods, eo, yes",
            "watch, pods, eo, yes",
            "patch, events, eo, yes",
            "create, events, default, yes",
            "update, leases.coordination.k8s.io, sen2cor-system, yes",
            "get, secrets, eo, yes",
            "list, secrets, eo, no",
            "watch, secrets, eo, no",
            "delete, namespaces, '', no",
            "delete, pods, eo, no",
            "delete, sen2corjobs.sen2cor.io, eo, no",
            "create, deployments.apps, eo, no",
            "update, leases.coordination.k8s.io, kube-system, no",
            "create, clusterrolebindings.rbac.authorization.k8s.io, '', no"})
    void theServiceAccountMayDoExactlyWhatTheOperatorNeeds(String verb, String resource, String namespace, String expected) {
        Kubectl.Result canI = namespace.isEmpty()
                ? cluster.kubectl("auth", "can-i", verb, resource, "--as", SA)
                : cluster.kubectl("auth", "can-i", verb, resource, "-n", namespace, "--as", SA);
        // kubectl warns first for cluster-scoped resources; the answer is the last line
        String answer = canI.output().strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(answer).as(verb + " " + resource + " in " + namespace + ": " + canI.output()).isEqualTo(expected);
    }

    /** A minimal ServiceMonitor CRD, as the Prometheus Operator installs it (only its API matters here). */
    static final String SERVICE_MONITOR_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: servicemonitors.monitoring.coreos.com}
            spec:
              group: monitoring.coreos.com
              scope: Namespaced
              names: {kind: ServiceMonitor, plural: servicemonitors, singular: servicemonitor, listKind: ServiceMonitorList}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            """;

    @Test
    void asASubchartOfAnUmbrellaChartBesideAnotherReleaseWithEveryOption() throws Exception {
        Path crd = Files.createTempFile("servicemonitor-crd", ".yaml");
        Files.writeString(crd, SERVICE_MONITOR_CRD);
        assertThat(cluster.kubectl("apply", "-f", crd.toString()).exitCode()).isZero();
        assertThat(cluster.kubectl("wait", "--for=condition=Established", "crd/servicemonitors.monitoring.coreos.com").exitCode())
                .isZero();
        // an umbrella chart depending on ours, as platform teams bundle operators; Helm passes it `global`
        Path umbrella = Files.createTempDirectory("umbrella");
        Files.writeString(umbrella.resolve("Chart.yaml"), """
                apiVersion: v2
                name: eo-platform
                version: 1.0.0
                dependencies:
                  - name: sen2cor-operator
                    version: 0.1.0
                    repository: file://%s
                """.formatted(Projects.dir().resolve("helm")));
        Files.writeString(umbrella.resolve("values.yaml"), """
                global:
                  imageRegistry: registry.example
                sen2cor-operator:
                  replicaCount: 1
                  metrics: {serviceMonitor: {enabled: true}}
                  podDisruptionBudget: {enabled: true}
                  networkPolicy: {enabled: true}
                  grafanaDashboard: {enabled: true}
                  extraEnv: [{name: SEN2COR_AWS_STUCK_AFTER, value: 45m}]
                """);
        new Helm(umbrella).dependency().update().call();
        new Helm(umbrella).install().withName("sen2cor").withNamespace("eo-platform").createNamespace()
                .withKubeVersion("v1.37.2").withKubeConfig(cluster.kubeconfig()).call();

        Kubectl.Result got = cluster.kubectl("get", "deployment,servicemonitor,poddisruptionbudget,networkpolicy,configmap",
                "-n", "eo-platform", "-o", "name");
        assertThat(got.output()).as(got.output()).contains("deployment.apps/sen2cor-operator",
                "servicemonitor.monitoring.coreos.com/sen2cor-operator", "poddisruptionbudget.policy/sen2cor-operator",
                "networkpolicy.networking.k8s.io/sen2cor-operator", "configmap/sen2cor-operator-dashboard");
        Kubectl.Result roles = cluster.kubectl("get", "clusterrole", "-o", "name");
        assertThat(roles.output()).as("two releases, two namespaces, no collision")
                .contains("clusterrole.rbac.authorization.k8s.io/sen2cor-operator-eo-platform",
                        "clusterrole.rbac.authorization.k8s.io/s2c-sen2cor-operator-sen2cor-system");

        // every option rendered, checked by the API server itself: strict field validation, server-side dry run
        Path rendered = Files.createTempFile("rendered", ".yaml");
        Files.writeString(rendered, new Helm(Projects.dir().resolve("helm")).template().withName("dry").withNamespace("eo-platform")
                .withKubeVersion("v1.37.2").set("podDisruptionBudget.enabled", "true").set("networkPolicy.enabled", "true")
                .set("grafanaDashboard.enabled", "true").set("podLabels.team", "eo").set("imagePullSecrets[0].name", "pull")
                .set("topologySpreadConstraints[0].maxSkew", "1")
                .set("topologySpreadConstraints[0].topologyKey", "topology.kubernetes.io/zone")
                .set("topologySpreadConstraints[0].whenUnsatisfiable", "ScheduleAnyway")
                .set("extraEnv[0].name", "SEN2COR_AWS_STUCK_AFTER").set("extraEnv[0].value", "45m").call());
        Kubectl.Result dryRun = cluster.kubectl("apply", "--dry-run=server", "--validate=strict", "-f", rendered.toString());
        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("poddisruptionbudget.policy/dry-sen2cor-operator", "(server dry run)");
    }
}
