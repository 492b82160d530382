package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

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
                .withKubeConfig(cluster.kubeconfig()).call();
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
            "list, pods, eo, yes",
            "watch, pods, eo, yes",
            "patch, events, eo, yes",
            "create, events, default, yes",
            "update, leases.coordination.k8s.io, sen2cor-system, yes",
            "get, secrets, eo, no",
            "list, secrets, sen2cor-system, no",
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
}
