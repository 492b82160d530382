package io.sen2cor.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.LocalOperator;

/**
 * The README's first command (src/scripts/demo.sh): runs the operator in-process against an embedded
 * API server (the Fabric8 mock server in CRUD mode, not a real kube-apiserver), applies examples/ and
 * prints what `kubectl get` would show. Not part of the test run (the class name is outside Surefire's
 * includes). Today no backend is built in, so the environment reports BackendUnavailable and the job
 * waits with EnvironmentNotReady; nothing is submitted anywhere.
 */
class LocalDemo {

    @Test
    void run() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient();
                LocalOperator operator = LocalOperator.start(client, new Backends(List.of(), List.of()))) {
            BatchEnvironment env = client.resource(LocalOperator.example("batchenvironment-spot.yaml", BatchEnvironment.class)).create();
            Sen2CorJob job = client.resource(LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class)).create();
            System.out.println("\n$ kubectl apply -f examples/\nbatchenvironment.sen2cor.io/s2-spot created\nsen2corjob.sen2cor.io/kenya-jan-2019 created");

            await().atMost(Duration.ofSeconds(30)).until(() -> Conditions.ready(client.resource(job).get()).isPresent()
                    && Conditions.ready(client.resource(env).get()).isPresent());
            BatchEnvironment e = client.resource(env).get();
            Sen2CorJob j = client.resource(job).get();
            Condition envReady = Conditions.ready(e).orElseThrow();
            Condition jobReady = Conditions.ready(j).orElseThrow();

            System.out.println("\n$ kubectl get batchenvironments -o wide");
            System.out.printf("%-10s %-9s %-6s %s%n", "NAME", "BACKEND", "READY", "REASON");
            System.out.printf("%-10s %-9s %-6s %s%n", e.getMetadata().getName(), e.getStatus().getBackend(),
                    envReady.getStatus(), envReady.getReason());
            System.out.println("\n$ kubectl get sen2corjobs -o wide");
            System.out.printf("%-16s %-8s %-9s %-12s %s%n", "NAME", "PHASE", "PROGRESS", "ENVIRONMENT", "REASON");
            System.out.printf("%-16s %-8s %-9s %-12s %s%n", j.getMetadata().getName(), j.getStatus().getPhase(),
                    j.getStatus().getProgress(), j.getSpec().getEnvironmentRef(), jobReady.getReason());
            System.out.println("\nBatchEnvironment s2-spot: " + envReady.getMessage());
            System.out.println("Sen2CorJob kenya-jan-2019: " + jobReady.getMessage());
            System.out.println("\nEmbedded API server: Fabric8 mock server (CRUD mode). No AWS call was made and no"
                    + " container ran. The AWS Batch backend (emulated by moto in tests) is not built in yet.\n");

            assertThat(envReady.getReason()).isEqualTo("BackendUnavailable");
            assertThat(jobReady.getReason()).isEqualTo("EnvironmentNotReady");
        } finally {
            server.destroy();
        }
    }
}
