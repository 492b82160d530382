package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.k8s.InformerReads;
import io.sen2cor.operator.k8s.KubernetesEnvironmentBackend;
import io.sen2cor.operator.k8s.KubernetesJobBackend;
import io.sen2cor.operator.testing.Kubectl;
import io.sen2cor.operator.testing.LocalOperator;
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
            "delete, sen2corjobs.sen2cor.io, eo, yes",
            "create, sen2corjobs.sen2cor.io, eo, yes",
            "patch, sen2corsubscriptions.sen2cor.io/status, eo, yes",
            "delete, sen2corsubscriptions.sen2cor.io, eo, no",
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
                    condition: sen2cor-operator.enabled
                """.formatted(Projects.dir().resolve("helm")));
        Files.writeString(umbrella.resolve("values.yaml"), """
                global:
                  imageRegistry: registry.example
                sen2cor-operator:
                  enabled: true
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

    /**
     * With watchNamespaces the namespaced part of the RBAC is a Role per watched namespace; an operator running with
     * exactly the chart's ServiceAccount (its token, no more) runs a Sen2CorJob there to the end, and may not touch
     * another namespace's work.
     */
    @Test
    void watchingOneNamespaceTheOperatorRunsThereWithARoleAndCannotWriteElsewhere() {
        try (KubernetesClient admin = cluster.client()) {
            for (String ns : List.of("scoped-system", "team-a", "team-b")) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                        .createOr(NonDeletingOperation::update);
            }
            LocalOperator.installCrds(admin);
            new Helm(Projects.dir().resolve("helm")).install().withName("scoped").withNamespace("scoped-system")
                    .set("watchNamespaces[0]", "team-a").set("replicaCount", "0")
                    .withKubeVersion("v1.37.2").withKubeConfig(cluster.kubeconfig()).call();
            String sa = "system:serviceaccount:scoped-system:scoped-sen2cor-operator";
            for (String[] check : new String[][] {
                    {"create", "jobs.batch", "team-a", "yes"}, {"create", "jobs.batch", "team-b", "no"},
                    {"patch", "sen2corjobs.sen2cor.io/status", "team-a", "yes"},
                    {"patch", "sen2corjobs.sen2cor.io/status", "team-b", "no"},
                    {"list", "sen2corjobs.sen2cor.io", "team-b", "yes"}, {"get", "secrets", "team-b", "no"},
                    {"create", "events", "default", "yes"}, {"create", "events", "team-b", "no"},
                    {"list", "pods", "team-b", "no"}}) {
                Kubectl.Result canI = cluster.kubectl("auth", "can-i", check[0], check[1], "-n", check[2], "--as", sa);
                assertThat(canI.output().strip().lines().reduce((a, b) -> b).orElse(""))
                        .as(String.join(" ", check)).isEqualTo(check[3]);
            }

            cluster.addKwokNode("kwok-scoped-0", Map.of("karpenter.sh/capacity-type", "spot"));
            String token = admin.serviceAccounts().inNamespace("scoped-system").withName("scoped-sen2cor-operator")
                    .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                    .getStatus().getToken();
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.server()).withOauthToken(token)
                    .withTrustCerts(true).build();
            try (KubernetesClient operatorClient = new KubernetesClientBuilder().withConfig(config).build()) {
                var jobs = new KubernetesJobBackend(operatorClient, new InformerReads(), "sen2cor-runner:test",
                        Duration.ofMinutes(15), Duration.ofMinutes(1), Clock.systemUTC());
                LocalOperator operator = LocalOperator.watching(operatorClient,
                        new Backends(List.of(new KubernetesEnvironmentBackend(operatorClient)), List.of(jobs)), Set.of("team-a"));
                try {
                    BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
                    env.getMetadata().setName("scoped-env");
                    admin.resource(env).serverSideApply();
                    Sen2CorJob job = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
                    job.getMetadata().setName("scoped");
                    job.getMetadata().setNamespace("team-a");
                    job.getSpec().setEnvironmentRef("scoped-env");
                    // one scene, index 0, which the simulated node completes
                    job.getSpec().setProducts(job.getSpec().getProducts().subList(0, 1));
                    admin.resource(job).create();
                    Sen2CorJob done;
                    try {
                        done = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(
                                () -> admin.resources(Sen2CorJob.class).inNamespace("team-a").withName("scoped").get(),
                                j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        System.out.println(cluster.kubectl("get", "sen2corjob,jobs,pods", "-n", "team-a", "-o", "yaml").output());
                        throw e;
                    }
                    assertThat(done.getStatus().getProgress()).isEqualTo("1/1");
                    Sen2CorJob elsewhere = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
                    elsewhere.getMetadata().setName("unwatched");
                    elsewhere.getMetadata().setNamespace("team-b");
                    elsewhere.getSpec().setEnvironmentRef("scoped-env");
                    admin.resource(elsewhere).create();
                    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> admin
                            .resources(Sen2CorJob.class).inNamespace("team-b").withName("unwatched").get().getStatus() == null);
                    admin.resource(elsewhere).delete();
                    admin.resource(done).delete();
                    await().atMost(Duration.ofSeconds(30)).until(() ->
                            admin.resources(Sen2CorJob.class).inNamespace("team-a").withName("scoped").get() == null);
                    admin.resource(env).delete();
                    await().atMost(Duration.ofSeconds(30)).until(() ->
                            admin.resources(BatchEnvironment.class).withName("scoped-env").get() == null);
                } finally {
                    operator.close();
                    admin.nodes().withName("kwok-scoped-0").delete();
                }
            }
        }
    }
}
