package io.sen2cor.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.sen2cor.operator.reconciler.BatchEnvironmentReconciler;
import io.sen2cor.operator.reconciler.Sen2CorJobReconciler;
import io.sen2cor.operator.reconciler.Sen2CorSubscriptionReconciler;
import io.sen2cor.operator.testing.Projects;

/**
 * The packaged Quarkus application, wired by CDI exactly as in production, starts both controllers
 * against the Fabric8 mock API server (CRUD mode).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = OperatorStartupTest.Crds.class)
class OperatorStartupTest {

    @KubernetesTestServer
    io.quarkus.test.kubernetes.client.KubernetesServer server;

    @Inject
    Operator operator;

    /** CRDs must exist before the operator's informers start. */
    public static class Crds implements java.util.function.Consumer<io.quarkus.test.kubernetes.client.KubernetesServer> {
        @Override
        public void accept(io.quarkus.test.kubernetes.client.KubernetesServer server) {
            try (Stream<Path> crds = Files.list(Projects.dir().resolve("crds"))) {
                for (Path crd : crds.toList()) {
                    server.getClient().apiextensions().v1().customResourceDefinitions().load(crd.toFile()).create();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void theThreeControllersAreRegisteredWatchingAllNamespaces() {
        assertThat(operator.getRegisteredControllers()).extracting(c -> c.getConfiguration().getName())
                .containsExactlyInAnyOrder(BatchEnvironmentReconciler.NAME, Sen2CorJobReconciler.NAME,
                        Sen2CorSubscriptionReconciler.NAME);
        // a misread namespace property once made the operator watch a namespace called "false"
        assertThat(operator.getRegisteredControllers()).allSatisfy(c -> assertThat(
                c.getConfiguration().getInformerConfig().watchAllNamespaces()).isTrue());
        // the packaged operator's Sen2CorJob cache drops managedFields (docs/operations.md, "Footprint")
        assertThat(operator.getRegisteredControllers()).filteredOn(c -> c.getConfiguration().getName().equals(Sen2CorJobReconciler.NAME))
                .singleElement().satisfies(c -> assertThat(c.getConfiguration().getInformerConfig().getItemStore())
                        .isInstanceOf(io.sen2cor.operator.reconciler.Sen2CorJobStore.class));
        // reconcile behaviour is covered in ReconcilerMockServerTest; this mock server lacks server-side
        // apply, which the packaged operator uses, so that path is tested on a real API server
    }

    @io.quarkus.test.common.http.TestHTTPResource("/q/metrics")
    java.net.URL metrics;

    String scrape() throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(metrics.toURI()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void reconcilesAreCountedPerController() throws Exception {
        server.getClient().resource(io.sen2cor.operator.testing.LocalOperator.example("batchenvironment-spot.yaml",
                io.sen2cor.operator.api.BatchEnvironment.class)).create();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> scrape().lines().anyMatch(l -> l.startsWith("reconciliations_started_total{controller_name=\""
                        + BatchEnvironmentReconciler.NAME + "\"}")));
        // JOSDK's own meters, per controller (i.e. per kind): counts, durations, failures, queue
        assertThat(scrape()).contains("reconciliations_execution_duration_seconds_bucket{controller_name=\"sen2corjob\"",
                "reconciliations_failure_total", "reconciliations_queue{controller_name=\"batchenvironment\"}");
    }

    @Test
    void prometheusMetricsNameTheOperatorsOwnMeters() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(metrics.toURI()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().lines().filter(l -> l.startsWith("sen2cor_scenes{")).toList())
                .anySatisfy(l -> assertThat(l).contains("state=\"pending\""))
                .anySatisfy(l -> assertThat(l).contains("state=\"failed\""));
        assertThat(response.body()).contains("sen2cor_sen2corjobs", "sen2cor_aws_batch_jobs_tracked", "sen2cor_aws_describe_jobs_calls_total",
                "sen2cor_aws_poll_cycle_seconds", "sen2cor_vcpu_seconds_total{capacity=\"Spot\"}",
                "sen2cor_vcpu_seconds_total{capacity=\"OnDemand\"}");
    }
}
