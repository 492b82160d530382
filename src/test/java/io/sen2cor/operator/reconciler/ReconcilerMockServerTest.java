package io.sen2cor.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.CustomResource;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.ConditionedStatus;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.RecordingFakeBackend;

/**
 * Both reconcilers run in a real JOSDK Operator against the Fabric8 mock API server in CRUD mode (no
 * schema validation there: bad input that the schema catches is in BadInputSchemaTest). Covers the
 * generic part: finalizers, conditions, observedGeneration, Events, admission failures as conditions,
 * and deletion order.
 */
@EnableKubernetesMockClient(crud = true)
class ReconcilerMockServerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    KubernetesMockServer server;
    KubernetesClient client;
    LocalOperator operator;
    RecordingFakeBackend fake;

    void startOperator(boolean withBackend) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("eo")
                .withLabels(Map.of("team", "eo")).endMetadata().build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("other").endMetadata().build()).create();
        fake = new RecordingFakeBackend();
        Backends backends = withBackend ? new Backends(List.of(fake), List.of(fake)) : new Backends(List.of(), List.of());
        operator = LocalOperator.start(client, backends);
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    static BatchEnvironment environment(String name, Consumer<BatchEnvironment> change) {
        BatchEnvironment env = LocalOperator.example("batchenvironment-spot.yaml", BatchEnvironment.class);
        env.getMetadata().setName(name);
        change.accept(env);
        return env;
    }

    static Sen2CorJob job(String namespace, String name, String environment, Consumer<Sen2CorJob> change) {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getMetadata().setName(name);
        job.getMetadata().setNamespace(namespace);
        job.getSpec().setEnvironmentRef(environment);
        change.accept(job);
        return job;
    }

    <R extends CustomResource<?, ? extends ConditionedStatus>> Condition awaitReady(R resource, String status,
            String reason) {
        return await().atMost(TIMEOUT).until(() -> Conditions.ready(client.resource(resource).get()).orElse(null),
                c -> c != null && status.equals(c.getStatus()) && reason.equals(c.getReason()));
    }

    List<String> eventReasons(String namespace, String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).map(e -> e.getReason()).toList();
    }

    @Test
    void jobWhoseEnvironmentDoesNotExistIsPendingWithACondition() throws Exception {
        startOperator(true);
        Sen2CorJob job = client.resource(job("eo", "orphan", "no-such-env", j -> { })).create();

        Condition ready = awaitReady(job, "False", "EnvironmentNotFound");
        assertThat(ready.getMessage()).contains("BatchEnvironment 'no-such-env' does not exist");
        Sen2CorJob current = client.resource(job).get();
        assertThat(current.getStatus().getPhase()).isEqualTo(JobPhase.Pending);
        assertThat(current.getStatus().getScenes().getTotal()).isEqualTo(1);
        assertThat(current.getStatus().getProgress()).isEqualTo("0/1");
        assertThat(current.getStatus().getObservedGeneration()).isEqualTo(current.getMetadata().getGeneration());
        assertThat(current.getMetadata().getFinalizers()).containsExactly("sen2corjobs.sen2cor.io/finalizer");
        await().atMost(TIMEOUT).until(() -> eventReasons("eo", "orphan").contains("EnvironmentNotFound"));
        assertThat(fake.count("reconcile Sen2CorJob")).isZero();

        // creating the environment re-triggers admission without touching the job
        client.resource(environment("no-such-env", e -> { })).create();
        awaitReady(job, "True", "Ready");
        assertThat(fake.count("reconcile Sen2CorJob/eo/orphan")).isPositive();
        assertThat(client.resource(job).get().getStatus().getPhase()).isEqualTo(JobPhase.Running);
    }

    @Test
    void aWarningIsItsOwnConditionWithOneEventAndReadyStaysReady() throws Exception {
        startOperator(true);
        fake.stuckMessage = "4 scene(s) have not started for more than 30 min; usually no capacity";
        client.resource(environment("s2-spot", e -> { })).create();
        Sen2CorJob job = client.resource(job("eo", "kenya", "s2-spot", j -> { })).create();

        Condition warning = await().atMost(TIMEOUT).until(() -> Conditions.find(client.resource(job).get().getStatus() == null
                ? null : client.resource(job).get().getStatus().getConditions(), ConditionType.WARNING).orElse(null),
                c -> c != null);
        assertThat(warning.getStatus()).isEqualTo("True");
        assertThat(warning.getReason()).isEqualTo("ScenesNotStarting");
        assertThat(warning.getMessage()).isEqualTo(fake.stuckMessage);
        assertThat(Conditions.ready(client.resource(job).get())).get().satisfies(ready -> {
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(ready.getReason()).as("Ready means ready").isEqualTo("Ready");
        });
        await().atMost(TIMEOUT).until(() -> eventReasons("eo", "kenya").contains("ScenesNotStarting"));

        // a recheck that finds the same warning adds no Event; once scenes start, the condition goes
        long calls = fake.count("reconcile Sen2CorJob/eo/kenya");
        client.namespaces().withName("eo").edit(ns -> {
            ns.getMetadata().getLabels().put("cost-centre", "42");
            return ns;
        });
        await().atMost(TIMEOUT).until(() -> fake.count("reconcile Sen2CorJob/eo/kenya") > calls);
        Thread.sleep(300);
        assertThat(eventReasons("eo", "kenya").stream().filter("ScenesNotStarting"::equals)).hasSize(1);
        fake.stuckMessage = null;
        client.namespaces().withName("eo").edit(ns -> {
            ns.getMetadata().getLabels().put("cost-centre", "43");
            return ns;
        });
        await().atMost(TIMEOUT).until(() -> Conditions.find(client.resource(job).get().getStatus().getConditions(),
                ConditionType.WARNING).isEmpty());
    }

    @Test
    void environmentWithoutItsBackendIsDegradedNotCrashing() throws Exception {
        startOperator(false);
        BatchEnvironment env = client.resource(environment("s2-spot", e -> { })).create();

        Condition ready = awaitReady(env, "False", "BackendUnavailable");
        assertThat(ready.getMessage()).isEqualTo("the awsBatch backend is not available in this operator build");
        BatchEnvironment current = client.resource(env).get();
        assertThat(current.getStatus().getBackend()).isEqualTo("awsBatch");
        assertThat(current.getStatus().getObservedGeneration()).isEqualTo(current.getMetadata().getGeneration());
        assertThat(Conditions.isTrue(current.getStatus().getConditions(), ConditionType.DEGRADED)).isTrue();
        assertThat(Conditions.isTrue(current.getStatus().getConditions(), ConditionType.PROGRESSING)).isFalse();
        assertThat(current.getMetadata().getFinalizers()).containsExactly("batchenvironments.sen2cor.io/finalizer");
        await().atMost(TIMEOUT).until(() -> eventReasons("default", "s2-spot").contains("BackendUnavailable"));

        // a job on it waits, and says why
        Sen2CorJob job = client.resource(job("eo", "waiting", "s2-spot", j -> { })).create();
        awaitReady(job, "False", "EnvironmentNotReady");
    }

    @Test
    void readyEnvironmentAdmitsJobsAndWritesStatusOnlyWhenItChanges() throws Exception {
        startOperator(true);
        BatchEnvironment env = client.resource(environment("s2-spot", e -> { })).create();
        awaitReady(env, "True", "Ready");
        Sen2CorJob job = client.resource(job("eo", "kenya", "s2-spot", j -> { })).create();
        awaitReady(job, "True", "Ready");
        await().atMost(TIMEOUT).until(() -> eventReasons("eo", "kenya").contains("Ready"));

        // an unrelated label on the namespace triggers a reconcile that finds nothing new: no status write
        String before = client.resource(job).get().getMetadata().getResourceVersion();
        long calls = fake.count("reconcile Sen2CorJob/eo/kenya");
        client.namespaces().withName("eo").edit(ns -> {
            ns.getMetadata().getLabels().put("cost-centre", "42");
            return ns;
        });
        await().atMost(TIMEOUT).until(() -> fake.count("reconcile Sen2CorJob/eo/kenya") > calls);
        Thread.sleep(500);
        assertThat(client.resource(job).get().getMetadata().getResourceVersion()).isEqualTo(before);
    }

    @Test
    void admissionFailuresBecomeConditionsAndReachNoBackend() throws Exception {
        startOperator(true);
        client.resource(environment("restricted", e -> {
            e.getSpec().setAllowedNamespaces(new LabelSelectorBuilder().withMatchLabels(Map.of("team", "eo")).build());
            e.getSpec().setAllowedOutputs(List.of("s3://eo-l2a/"));
        })).create();
        awaitReady(environment("restricted", e -> { }), "True", "Ready");

        Sen2CorJob otherNamespace = client.resource(job("other", "not-allowed", "restricted", j -> { })).create();
        Sen2CorJob wrongOutput = client.resource(job("eo", "wrong-output", "restricted",
                j -> j.getSpec().getOutput().setUri("s3://eo-l2a-other/x/"))).create();
        Sen2CorJob duplicates = client.resource(job("eo", "duplicates", "restricted",
                j -> j.getSpec().setProducts(List.of(j.getSpec().getProducts().get(0), j.getSpec().getProducts().get(0)))))
                .create();

        assertThat(awaitReady(otherNamespace, "False", "NamespaceNotAllowed").getMessage())
                .contains("does not allow namespace 'other'");
        assertThat(awaitReady(wrongOutput, "False", "OutputNotAllowed").getMessage())
                .contains("s3://eo-l2a-other/x/ is not under any of");
        assertThat(awaitReady(duplicates, "False", "DuplicateProducts").getMessage()).contains("listed more than once");
        assertThat(fake.calls).noneMatch(c -> c.startsWith("reconcile Sen2CorJob"));

        // labelling the namespace admits the job: namespace changes re-trigger admission
        client.namespaces().withName("other").edit(ns -> {
            ns.getMetadata().setLabels(Map.of("team", "eo"));
            return ns;
        });
        awaitReady(otherNamespace, "True", "Ready");
    }

    @Test
    void jobChangesDoNotReconcileTheirEnvironment() throws Exception {
        startOperator(true);
        BatchEnvironment env = client.resource(environment("s2-spot", e -> { })).create();
        awaitReady(env, "True", "Ready");
        Thread.sleep(500);
        long environmentReconciles = fake.count("reconcile BatchEnvironment/s2-spot");

        Sen2CorJob job = client.resource(job("eo", "kenya", "s2-spot", j -> { })).create();
        awaitReady(job, "True", "Ready");
        for (int i = 0; i < 3; i++) {
            int n = i;
            long before = fake.count("reconcile Sen2CorJob/eo/kenya");
            client.resources(Sen2CorJob.class).inNamespace("eo").withName("kenya").patch(
                    io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                    "{\"spec\":{\"suspend\":" + (n % 2 == 0) + "}}");
            await().atMost(TIMEOUT).until(() -> fake.count("reconcile Sen2CorJob/eo/kenya") > before);
        }
        Thread.sleep(500);
        assertThat(fake.count("reconcile BatchEnvironment/s2-spot")).as("the job's creation, status writes and spec changes")
                .isEqualTo(environmentReconciles);
    }

    @Test
    void deletingAnEnvironmentWaitsForItsJobs() throws Exception {
        startOperator(true);
        BatchEnvironment env = client.resource(environment("s2-spot", e -> { })).create();
        awaitReady(env, "True", "Ready");
        Sen2CorJob job = client.resource(job("eo", "kenya", "s2-spot", j -> { })).create();
        awaitReady(job, "True", "Ready");

        client.resource(env).delete();
        await().atMost(TIMEOUT).until(() -> eventReasons("default", "s2-spot").contains("WaitingForDependents"));
        assertThat(client.resource(env).get()).as("environment kept while a job uses it").isNotNull();
        assertThat(fake.count("cleanup BatchEnvironment")).isZero();

        client.resource(job).delete();
        await().atMost(TIMEOUT).until(() -> client.resource(job).get() == null && client.resource(env).get() == null);
        assertThat(fake.calls).containsSubsequence("cleanup Sen2CorJob/eo/kenya", "cleanup BatchEnvironment/s2-spot");
    }
}
