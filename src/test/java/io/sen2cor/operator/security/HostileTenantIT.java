package io.sen2cor.operator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.NamespaceJobRole;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.aws.AwsClients;
import io.sen2cor.operator.testing.FaultInjectingProxy;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.LoopbackHttp;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.PackagedOperator;
import io.sen2cor.operator.validation.TenantPolicy;

/**
 * The hostile-tenant tier (docs/security.md): a tenant whose ServiceAccount may only create, get and patch Sen2CorJobs
 * in its own namespace (and cannot read Secrets) applies each attack of the table below through the real API server
 * (RBAC, the committed CRDs) to the packaged operator, running with the platform's configuration, on moto. Canaries
 * count what leaked: an HTTP trap on 127.0.0.1 that records every request, another tenant's prefix and another bucket
 * that must stay empty, and a Secret whose value must appear in no status, Event, Kubernetes object, AWS request or
 * operator log line. A legitimate job of the same tenant goes to Succeeded beside them, so the refusals are not the
 * operator refusing everything.
 */
class HostileTenantIT {

    static final String TENANT = "team-a";
    static final String OTHER = "team-b";
    static final String NO_ROLE = "team-c";
    static final String ROLE_A = "arn:aws:iam::123456789012:role/sen2cor-team-a";
    static final String PRODUCT = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707";
    static final String LANDING = "{\"conformsTo\":[\"https://api.stacspec.org/v1.0.0/item-search\"],\"links\":[]}";

    /** One attack: a manifest change, and what the operator (or the API server) must answer. */
    record Attack(String name, String environment, String namespace, Consumer<Sen2CorJob> manifest, String expected) {
    }

    final List<String> trapped = new CopyOnWriteArrayList<>();
    final String canary = "CANARY-" + UUID.randomUUID();

    @Test
    void everyAttackIsRefusedAndNothingLeaks() throws Exception {
        assertThat(PackagedOperator.jar()).exists();
        MotoServer moto = MotoServer.get();
        moto.reset();
        LocalControlPlane cluster = LocalControlPlane.get();
        Path log = Files.createTempFile("hostile-tenant", ".log");
        HttpServer trap = LoopbackHttp.start(ex -> {
            trapped.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            LoopbackHttp.answer(ex, 200, LANDING);
        });
        String trapUrl = "http://127.0.0.1:" + trap.getAddress().getPort();
        // an allowed, in-cluster-like catalogue that tries to send the operator on: a redirect, a cross-origin next link
        HttpServer decoy = LoopbackHttp.start(ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/redirect")) {
                ex.getResponseHeaders().add("Location", trapUrl + "/internal");
                LoopbackHttp.answer(ex, 307, "");
            } else if (path.endsWith("/search")) {
                LoopbackHttp.answer(ex, 200, "{\"features\":[{\"id\":\"" + PRODUCT + "\"}],\"links\":[{\"rel\":\"next\",\"href\":\""
                        + trapUrl + "/admin/delete\",\"method\":\"POST\",\"body\":{\"everything\":true}}]}");
            } else {
                LoopbackHttp.answer(ex, 200, "{\"conformsTo\":[\"https://api.stacspec.org/v1.0.0/item-search\","
                        + "\"https://api.stacspec.org/v1.0.0/item-search#query\"],\"links\":[]}");
            }
        });
        String decoyUrl = "http://127.0.0.1:" + decoy.getAddress().getPort();
        PackagedOperator operator = null;
        try (AwsClients aws = moto.clients(); var proxy = new FaultInjectingProxy(moto.endpoint(), 0, 1).fixMotoVcpus();
                KubernetesClient admin = cluster.client()) {
            AwsAccountFixture account = AwsAccountFixture.prepareWithOutputBucket(aws);
            aws.s3().createBucket(r -> r.bucket("other-tenant").createBucketConfiguration(c -> c.locationConstraint(MotoServer.REGION)));
            LocalOperator.installCrds(admin);
            KubernetesClient tenant = tenantClient(cluster, admin);
            for (String ns : List.of(OTHER, NO_ROLE)) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).createOr(x -> x.update());
            }
            admin.secrets().inNamespace(TENANT).resource(new SecretBuilder().withNewMetadata().withName("db-password").endMetadata()
                    .addToStringData("AWS_SECRET_ACCESS_KEY", canary).build()).create();
            admin.secrets().inNamespace(TENANT).resource(new SecretBuilder().withNewMetadata().withName("s3-writer")
                    .addToLabels(TenantPolicy.CREDENTIALS_LABEL, "true").endMetadata()
                    .addToStringData("AWS_ACCESS_KEY_ID", "writer").addToStringData("AWS_SECRET_ACCESS_KEY", "writer-key").build()).create();
            assertThatThrownBy(() -> tenant.secrets().inNamespace(TENANT).withName("db-password").get())
                    .as("the tenant cannot read the canary Secret").isInstanceOfSatisfying(KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));

            operator = PackagedOperator.start(cluster, proxy.endpoint(), log, Map.of(
                    "SEN2COR_AWS_POLL_INTERVAL", "2s", "SEN2COR_AWS_PROGRESS_INTERVAL", "1s",
                    "SEN2COR_RUNNER_IMAGE", "sen2cor-runner:test",
                    "SEN2COR_STAC_ALLOWED_CATALOGS", decoyUrl + ",http://localhost:" + trap.getAddress().getPort(),
                    "SEN2COR_STAC_PRIVATE_CATALOGS", decoyUrl,
                    // as the chart's watchNamespaces sets it: the tenants' namespaces only, BatchEnvironments everywhere
                    "QUARKUS_OPERATOR_SDK_CONTROLLERS_SEN2CORJOB_NAMESPACES", String.join(",", TENANT, OTHER, NO_ROLE)), List.of());

            // the platform team's environments
            BatchEnvironment batch = account.exampleEnvironment();
            batch.getMetadata().setName("shared");
            batch.getMetadata().setUid(null);
            batch.getMetadata().setGeneration(null);
            batch.getSpec().setAllowedOutputs(List.of("s3://eo-l2a/{namespace}/"));
            NamespaceJobRole roleA = new NamespaceJobRole();
            roleA.setNamespaces(List.of(TENANT, OTHER));
            roleA.setJobRole(ROLE_A);
            batch.getSpec().getAwsBatch().setNamespaceJobRoles(List.of(roleA));
            batch.getSpec().getAwsBatch().setJobRole(null);
            admin.resource(batch).serverSideApply();
            BatchEnvironment cluster2 = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
            cluster2.getMetadata().setName("shared-cluster");
            cluster2.getSpec().setAllowedOutputs(List.of("s3://eo-l2a/{namespace}/"));
            admin.resource(cluster2).serverSideApply();
            for (String env : List.of("shared", "shared-cluster")) {
                await(env + " Ready").atMost(Duration.ofSeconds(120)).until(() -> {
                    var e = admin.resources(BatchEnvironment.class).withName(env).get();
                    return e.getStatus() != null && Conditions.isTrue(e.getStatus().getConditions(), ConditionType.READY);
                });
            }

            // positive control: the tenant's own legitimate job runs, with its namespace's role, as the runner user
            Sen2CorJob legit = job("legit", "shared", j -> j.getSpec().getOutput().setUri("s3://eo-l2a/team-a/kenya/"));
            tenant.resource(legit).create();
            Sen2CorJob done = await("legit job").atMost(Duration.ofSeconds(120)).until(
                    () -> admin.resources(Sen2CorJob.class).inNamespace(TENANT).withName("legit").get(),
                    j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);
            var definitions = aws.batch().describeJobDefinitions(r -> r.status("ACTIVE")).jobDefinitions();
            assertThat(definitions).singleElement().satisfies(d -> {
                assertThat(d.containerProperties().jobRoleArn()).isEqualTo(ROLE_A);
                assertThat(d.containerProperties().image()).isEqualTo("sen2cor-runner:test");
                assertThat(d.containerProperties().user()).isEqualTo("10001");
                assertThat(d.containerProperties().readonlyRootFilesystem()).isTrue();
            });

            List<Attack> attacks = List.of(
                    new Attack("an image from the tenant's own registry", "shared", TENANT,
                            j -> j.getSpec().setImage("attacker.example/miner:latest"), "ImageNotAllowed"),
                    new Attack("another tenant's prefix", "shared", TENANT,
                            j -> j.getSpec().getOutput().setUri("s3://eo-l2a/team-b/loot/"), "OutputNotAllowed"),
                    new Attack("another bucket", "shared", TENANT,
                            j -> j.getSpec().getOutput().setUri("s3://other-tenant/loot/"), "OutputNotAllowed"),
                    new Attack("a dot segment out of the tenant's prefix", "shared", TENANT,
                            j -> j.getSpec().getOutput().setUri("s3://eo-l2a/team-a/../team-b/"), "422"),
                    new Attack("a source endpoint of the tenant's (job role signatures sent there)", "shared", TENANT, j -> {
                        j.getSpec().getSource().setType(io.sen2cor.operator.api.SourceType.s3Safe);
                        j.getSpec().getSource().setBucket("collector");
                        j.getSpec().getSource().setEndpoint(trapUrl);
                    }, "EndpointNotAllowed"),
                    new Attack("an output endpoint of the tenant's", "shared-cluster", TENANT,
                            j -> j.getSpec().getOutput().setEndpoint(trapUrl), "EndpointNotAllowed"),
                    new Attack("an unlabelled Secret on the cluster backend", "shared-cluster", TENANT,
                            j -> j.getSpec().getOutput().setCredentialsSecretRef("db-password"), "CredentialsNotAllowed"),
                    new Attack("a Secret that does not exist", "shared-cluster", TENANT,
                            j -> j.getSpec().getSource().setCredentialsSecretRef("guess"), "CredentialsNotAllowed"),
                    new Attack("a Secret on AWS Batch", "shared", TENANT,
                            j -> j.getSpec().getOutput().setCredentialsSecretRef("db-password"), "CredentialsNotAllowed"),
                    new Attack("a catalogue not allowed (the trap)", "shared", TENANT, j -> scenes(j, trapUrl), "CatalogueNotAllowed"),
                    new Attack("instance metadata as a catalogue", "shared", TENANT,
                            j -> scenes(j, "http://169.254.169.254/latest"), "CatalogueNotAllowed"),
                    new Attack("an allowed name that resolves to loopback", "shared", TENANT,
                            j -> scenes(j, "http://localhost:" + trap.getAddress().getPort()), "SelectionRefused"),
                    new Attack("an allowed catalogue that redirects", "shared", TENANT,
                            j -> scenes(j, decoyUrl + "/redirect"), "SelectionRefused"),
                    new Attack("an allowed catalogue whose next link leaves it", "shared", TENANT,
                            j -> scenes(j, decoyUrl + "/next"), "SelectionRefused"),
                    new Attack("credentials in the catalogue URL", "shared", TENANT,
                            j -> scenes(j, "http://user:hunter2@127.0.0.1:" + decoy.getAddress().getPort()), "422"),
                    new Attack("a namespace without a job role", "shared", NO_ROLE,
                            j -> j.getSpec().getOutput().setUri("s3://eo-l2a/team-c/x/"), "NoJobRole"));

            List<String> table = new ArrayList<>();
            for (Attack attack : attacks) {
                String name = "attack-" + attacks.indexOf(attack);
                Sen2CorJob hostile = job(name, attack.environment(), attack.manifest());
                hostile.getMetadata().setNamespace(attack.namespace());
                KubernetesClient who = attack.namespace().equals(TENANT) ? tenant : admin;
                String outcome;
                try {
                    who.resource(hostile).create();
                    Sen2CorJob judged = await(attack.name()).atMost(Duration.ofSeconds(60)).until(
                            () -> admin.resources(Sen2CorJob.class).inNamespace(attack.namespace()).withName(name).get(),
                            j -> j.getStatus() != null && Conditions.find(j.getStatus().getConditions(), ConditionType.READY)
                                    .filter(c -> "False".equals(c.getStatus())).isPresent());
                    var ready = Conditions.find(judged.getStatus().getConditions(), ConditionType.READY).orElseThrow();
                    outcome = ready.getReason() + ": " + ready.getMessage();
                    assertThat(judged.getStatus().getPhase()).as(attack.name()).isIn(JobPhase.Pending, JobPhase.Failed);
                } catch (KubernetesClientException e) {
                    outcome = e.getCode() + ": " + e.getStatus().getMessage();
                }
                table.add(String.format("| %s | %s |", attack.name(), outcome.replace("|", "/")));
                assertThat(outcome).as(attack.name()).startsWith(attack.expected());
            }

            // after submission: the output cannot be pointed elsewhere, even with a retry
            assertThatThrownBy(() -> tenant.resources(Sen2CorJob.class).inNamespace(TENANT).withName("legit").edit(j -> {
                j.getSpec().getOutput().setUri("s3://eo-l2a/team-b/loot/");
                j.getSpec().setRetryGeneration(1);
                return j;
            })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
                    .hasMessageContaining("output cannot change");
            table.add("| patch output.uri of a submitted job, with a retry | 422: output cannot change |");

            // the labelled Secret passes, and its pods carry no API token
            tenant.resource(job("with-credentials", "shared-cluster", j -> j.getSpec().getOutput().setCredentialsSecretRef("s3-writer"))).create();
            var k8sJob = await("the labelled Secret's Job").atMost(Duration.ofSeconds(60)).until(
                    () -> admin.batch().v1().jobs().inNamespace(TENANT).list().getItems(), l -> !l.isEmpty()).get(0);
            assertThat(k8sJob.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();

            // canaries
            int otherBucket = aws.s3().listObjectsV2(r -> r.bucket("other-tenant")).contents().size();
            int otherPrefix = aws.s3().listObjectsV2(r -> r.bucket("eo-l2a").prefix("team-b/")).contents().size();
            assertThat(trapped).as("requests that reached the trap").isEmpty();
            assertThat(otherBucket).as("objects in another bucket").isZero();
            assertThat(otherPrefix).as("objects in another tenant's prefix").isZero();
            assertThat(admin.batch().v1().jobs().inNamespace(TENANT).list().getItems()).as("only the labelled Secret's Job")
                    .hasSize(1).allSatisfy(j -> assertThat(Serialization.asJson(j)).doesNotContain("db-password"));
            StringBuilder everything = new StringBuilder();
            everything.append(Serialization.asJson(admin.resources(Sen2CorJob.class).inAnyNamespace().list()));
            everything.append(Serialization.asJson(admin.v1().events().inAnyNamespace().list()));
            everything.append(Serialization.asJson(admin.configMaps().inAnyNamespace().list()));
            everything.append(Serialization.asJson(admin.pods().inAnyNamespace().list()));
            everything.append(aws.batch().describeJobDefinitions(r -> { }).toString());
            String queue = admin.resources(BatchEnvironment.class).withName("shared").get().getStatus().getJobQueue().getArn();
            for (String status : List.of("SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED", "FAILED")) {
                var ids = aws.batch().listJobs(r -> r.jobQueue(queue).jobStatus(status)).jobSummaryList().stream().map(s -> s.jobId()).toList();
                if (!ids.isEmpty()) {
                    // through the proxy that fixes moto's float vCPUs, which the SDK cannot read in DescribeJobs
                    try (AwsClients fixed = new AwsClients(MotoServer.REGION, java.util.Optional.of(proxy.endpoint()),
                            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("testing", "testing")))) {
                        everything.append(fixed.batch().describeJobs(r -> r.jobs(ids)).toString());
                    }
                }
            }
            everything.append(operator.log());
            int leaks = everything.toString().split(java.util.regex.Pattern.quote(canary), -1).length - 1;
            assertThat(leaks).as("the canary Secret's value anywhere").isZero();
            assertThat(done.getStatus().getScenes().getSucceeded()).isEqualTo(1);

            System.out.println("| attack | what the operator did |\n| --- | --- |\n" + String.join("\n", table));
            System.out.printf("canaries: %d requests at the trap, %d objects in other-tenant, %d under eo-l2a/team-b/, "
                    + "%d occurrences of the Secret's value in %d characters searched%n", trapped.size(), otherBucket, otherPrefix,
                    leaks, everything.length());
        } catch (Throwable t) {
            System.out.println(Files.readString(log));
            throw t;
        } finally {
            if (operator != null) {
                operator.kill();
            }
            trap.stop(0);
            decoy.stop(0);
            try (KubernetesClient admin = cluster.client()) {
                LocalOperator.removeAll(admin);
            } catch (KubernetesClientException e) {
                // the CRDs were never installed: nothing to remove
            }
        }
    }

    static Sen2CorJob job(String name, String environment, Consumer<Sen2CorJob> change) {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getMetadata().setName(name);
        job.getMetadata().setNamespace(TENANT);
        job.getSpec().setEnvironmentRef(environment);
        job.getSpec().getOutput().setUri("s3://eo-l2a/team-a/" + name + "/");
        change.accept(job);
        return job;
    }

    static void scenes(Sen2CorJob job, String catalog) {
        SceneSelector s = new SceneSelector();
        s.setCatalog(catalog);
        s.setMgrsTiles(List.of("36NXF"));
        s.setDatetime("2019-01-01T00:00:00Z/2019-01-31T23:59:59Z");
        job.getSpec().setProducts(null);
        job.getSpec().setScenes(s);
    }

    /** A namespace, a ServiceAccount allowed to create, get and patch Sen2CorJobs there, and a client with its token. */
    static KubernetesClient tenantClient(LocalControlPlane cluster, KubernetesClient admin) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(TENANT).endMetadata().build()).createOr(x -> x.update());
        admin.serviceAccounts().inNamespace(TENANT).resource(new ServiceAccountBuilder().withNewMetadata().withName("tenant")
                .endMetadata().build()).createOr(x -> x.update());
        admin.rbac().roles().inNamespace(TENANT).resource(new RoleBuilder().withNewMetadata().withName("sen2corjob-author").endMetadata()
                .addNewRule().withApiGroups("sen2cor.io").withResources("sen2corjobs").withVerbs("create", "get", "patch").endRule()
                .build()).createOr(x -> x.update());
        admin.rbac().roleBindings().inNamespace(TENANT).resource(new RoleBindingBuilder().withNewMetadata().withName("tenant")
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "sen2corjob-author")
                .addNewSubject().withKind("ServiceAccount").withName("tenant").withNamespace(TENANT).endSubject().build())
                .createOr(x -> x.update());
        String token = admin.serviceAccounts().inNamespace(TENANT).withName("tenant").tokenRequest(new TokenRequestBuilder()
                .withNewSpec().withExpirationSeconds(3600L).endSpec().build()).getStatus().getToken();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.server()).withOauthToken(token)
                .withTrustCerts(true).withDisableHostnameVerification(true).withNamespace(TENANT).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
