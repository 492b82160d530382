package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorSubscription;
import io.sen2cor.operator.aws.AwsBatchEnvironmentBackend;
import io.sen2cor.operator.aws.AwsBatchJobBackend;
import io.sen2cor.operator.aws.AwsBatchTiming;
import io.sen2cor.operator.aws.AwsClientPool;
import io.sen2cor.operator.aws.BatchJobTracker;
import io.sen2cor.operator.aws.TokenBucket;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.metrics.SceneMetrics;
import io.sen2cor.operator.metrics.SubscriptionMetrics;
import io.sen2cor.operator.reconciler.BatchEnvironmentReconciler;
import io.sen2cor.operator.reconciler.EnvironmentUsers;
import io.sen2cor.operator.reconciler.EventRecorder;
import io.sen2cor.operator.reconciler.Sen2CorJobReconciler;
import io.sen2cor.operator.reconciler.Sen2CorSubscriptionReconciler;
import io.sen2cor.operator.reconciler.SubscriptionNotifications;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.validation.TenantPolicy;

/**
 * Both reconcilers in a JOSDK Operator against a given client, with the committed CRDs installed first. On the
 * Fabric8 mock API server, which has no server-side apply, finalizers and status are patched with JSON merge
 * patches; on a real API server the packaged operator's default (SSA) is used.
 */
public final class LocalOperator implements AutoCloseable {

    private final Operator operator;

    /**
     * The tenant policy of the in-process operator: the test runner image, and any catalogue (the local STAC server's
     * port is random); the hostile-tenant tier runs the packaged operator with the real configuration instead.
     */
    public static final TenantPolicy.Settings POLICY = new TenantPolicy.Settings("sen2cor-runner:test", null);

    private LocalOperator(Operator operator) {
        this.operator = operator;
    }

    /**
     * The operator with the AWS Batch backends on {@code pool} (moto in the cluster tests), polling every 500 ms,
     * server-side apply as packaged.
     */
    public static LocalOperator onAwsBatch(KubernetesClient client, AwsClientPool pool) {
        return onAwsBatch(client, pool, Clock.systemUTC());
    }

    /** {@code subscriptionClock}: the time Sen2CorSubscriptions poll at (a test's sensing times are in the past). */
    public static LocalOperator onAwsBatch(KubernetesClient client, AwsClientPool pool, Clock subscriptionClock) {
        return onAwsBatch(client, pool, subscriptionClock, SubscriptionNotifications.none());
    }

    /** {@code notifications}: the subscriptions' push trigger (queues allowed and their feed). */
    public static LocalOperator onAwsBatch(KubernetesClient client, AwsClientPool pool, Clock subscriptionClock,
            SubscriptionNotifications notifications) {
        var events = new EventRecorder(client);
        var tracker = new BatchJobTracker(pool, new TokenBucket(50, 50), Duration.ofMillis(500));
        var environments = new AwsBatchEnvironmentBackend(pool, events,
                new AwsBatchTiming(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(5)));
        var jobs = new AwsBatchJobBackend(pool, events, tracker, new TokenBucket(50, 50), "sen2cor-runner:test",
                Duration.ofMinutes(30), AwsBatchTiming.DEFAULT, Clock.systemUTC());
        return start(client, new Backends(List.of(environments), List.of(jobs)), true, null, Set.of(), subscriptionClock,
                notifications);
    }

    public static LocalOperator start(KubernetesClient client, Backends backends) {
        return start(client, backends, false);
    }

    /** {@code serverSideApply}: JOSDK's default, for a real API server; the mock server needs merge patches. */
    public static LocalOperator start(KubernetesClient client, Backends backends, boolean serverSideApply) {
        return start(client, backends, serverSideApply, null);
    }

    /** With {@code leaderElection}, only the replica holding the lease reconciles, as in the packaged operator. */
    public static LocalOperator start(KubernetesClient client, Backends backends, boolean serverSideApply,
            io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration leaderElection) {
        return start(client, backends, serverSideApply, leaderElection, Set.of(), Clock.systemUTC(),
                SubscriptionNotifications.none());
    }

    private static LocalOperator start(KubernetesClient client, Backends backends, boolean serverSideApply,
            io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration leaderElection, Set<String> namespaces,
            Clock subscriptionClock, SubscriptionNotifications notifications) {
        if (namespaces.isEmpty()) {
            // a real API server serves a new CRD only once it is Established; the mock server never reports that
            installCrds(client, serverSideApply);
        }
        EventRecorder events = new EventRecorder(client);
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client).withCloseClientOnStop(false)
                    .withStopOnInformerErrorDuringStartup(true).withUseSSAToPatchPrimaryResource(serverSideApply);
            if (leaderElection != null) {
                o.withLeaderElectionConfiguration(leaderElection);
            }
        });
        EnvironmentUsers users = new EnvironmentUsers();
        operator.register(new BatchEnvironmentReconciler(backends, events, Clock.systemUTC(), users));
        SceneSelections selections = SceneSelections.overStac(Clock.systemUTC());
        operator.register(new Sen2CorJobReconciler(backends, events, SceneMetrics.detached(), Clock.systemUTC(),
                selections, POLICY, users), c -> watching(c, namespaces));
        operator.register(new Sen2CorSubscriptionReconciler(events, subscriptionClock, selections, POLICY,
                SubscriptionMetrics.detached(subscriptionClock), notifications),
                c -> watching(c, namespaces));
        operator.start();
        return new LocalOperator(operator);
    }

    /**
     * Watching only {@code namespaces} (the CRDs installed already, as the chart does: an operator with the chart's
     * RBAC may not create them), as the packaged operator with the chart's watchNamespaces does
     * (QUARKUS_OPERATOR_SDK_CONTROLLERS_SEN2CORJOB_NAMESPACES: the Sen2CorJob controller only; BatchEnvironments are
     * cluster-scoped).
     */
    public static LocalOperator watching(KubernetesClient client, Backends backends, Set<String> namespaces) {
        return start(client, backends, true, null, namespaces, Clock.systemUTC(), SubscriptionNotifications.none());
    }


    private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> void watching(
            io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<R> c, Set<String> namespaces) {
        if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
        }
    }

    /** Installs the committed CRDs on a real API server and waits until they are served. */
    public static void installCrds(KubernetesClient client) {
        installCrds(client, true);
    }

    public static void installCrds(KubernetesClient client, boolean awaitEstablished) {
        try (Stream<Path> crds = Files.list(Projects.dir().resolve("crds"))) {
            for (Path crd : crds.sorted().toList()) {
                var applied = client.apiextensions().v1().customResourceDefinitions().load(crd.toFile())
                        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
                if (awaitEstablished) {
                    client.apiextensions().v1().customResourceDefinitions().withName(applied.getMetadata().getName())
                            .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                                    && c.getStatus().getConditions().stream().anyMatch(
                                            cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                                    60, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes every Sen2CorJob and BatchEnvironment after the operator was stopped, dropping the finalizers a stopped
     * operator would otherwise hold them by forever, so the next test on the same API server starts clean.
     */
    public static void removeAll(KubernetesClient client) {
        client.resources(Sen2CorSubscription.class).inAnyNamespace().delete();
        client.resources(Sen2CorJob.class).inAnyNamespace().delete();
        client.resources(BatchEnvironment.class).delete();
        client.resources(Sen2CorJob.class).inAnyNamespace().list().getItems().forEach(j -> client.resource(j).edit(x -> {
            x.getMetadata().setFinalizers(List.of());
            return x;
        }));
        client.resources(BatchEnvironment.class).list().getItems().forEach(e -> client.resource(e).edit(x -> {
            x.getMetadata().setFinalizers(List.of());
            return x;
        }));
    }

    /** A manifest from examples/, e.g. {@code example("sen2corjob-kenya.yaml", Sen2CorJob.class)}. */
    public static <T> T example(String file, Class<T> type) {
        try {
            return Serialization.unmarshal(Files.newInputStream(Projects.dir().resolve("examples").resolve(file)), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        operator.stop();
    }
}
