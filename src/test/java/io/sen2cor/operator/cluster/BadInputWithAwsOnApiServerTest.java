package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.ConditionedStatus;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.aws.AwsClientPool;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoBatchGaps;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.WithMoto;
import software.amazon.awssdk.services.batch.model.CEState;
import software.amazon.awssdk.services.batch.model.CEType;
import software.amazon.awssdk.services.batch.model.CRType;
import software.amazon.awssdk.services.batch.model.CreateComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.CreateJobQueueRequest;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * Bad input the schema cannot judge, because it depends on other objects or on AWS: the operator (in-process,
 * the real AWS backends) on a real kube-apiserver + etcd and moto (an AWS emulator). Every manifest ends with
 * Ready=False, a reason and a message naming the problem, and a Warning Event; none of them makes an AWS write;
 * the operator keeps working throughout (a good job applied last still succeeds). The schema-level rows are in
 * BadInputApiServerTest.
 */
@WithMoto
class BadInputWithAwsOnApiServerTest {

    LocalControlPlane cluster;
    KubernetesClient client;
    AwsClientPool pool;
    LocalOperator operator;
    MotoBatchGaps gaps = new MotoBatchGaps();

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        LocalOperator.removeAll(client);
        pool.close();
        client.close();
    }

    BatchEnvironment environment(AwsAccountFixture account, String name, Consumer<BatchEnvironment> change) {
        BatchEnvironment env = account.exampleEnvironment();
        env.getMetadata().setName(name);
        env.getMetadata().setUid(null);
        env.getMetadata().setGeneration(null);
        change.accept(env);
        return client.resource(env).serverSideApply();
    }

    Sen2CorJob job(String namespace, String name, String environment, Consumer<Sen2CorJob> change) {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getMetadata().setNamespace(namespace);
        job.getMetadata().setName(name);
        job.getSpec().setEnvironmentRef(environment);
        change.accept(job);
        return client.resource(job).serverSideApply();
    }

    <R extends CustomResource<?, ? extends ConditionedStatus>> String refusedWith(R resource, String reason) {
        Condition ready = await(resource.getMetadata().getName()).atMost(Duration.ofSeconds(60))
                .until(() -> Conditions.ready(client.resource(resource).get()).orElse(null),
                        c -> c != null && "False".equals(c.getStatus()) && reason.equals(c.getReason()));
        await(resource.getMetadata().getName() + " Event").atMost(Duration.ofSeconds(30)).until(() -> client.v1().events()
                .inNamespace(Optional.ofNullable(resource.getMetadata().getNamespace()).orElse("default")).list().getItems()
                .stream().anyMatch(e -> resource.getMetadata().getName().equals(e.getInvolvedObject().getName())
                        && reason.equals(e.getReason()) && "Warning".equals(e.getType())));
        return ready.getMessage();
    }

    @Test
    void everyBadManifestEndsAsAConditionAndNoneReachesAws(MotoServer moto) {
        cluster = LocalControlPlane.get();
        client = cluster.client();
        AwsAccountFixture account;
        try (var aws = moto.clients()) {
            account = AwsAccountFixture.prepareWithOutputBucket(aws);
            // a compute environment someone else made, with the name the "taken" environment would give its own
            aws.batch().createComputeEnvironment(CreateComputeEnvironmentRequest.builder()
                    .computeEnvironmentName("taken-spot").type(CEType.MANAGED).state(CEState.ENABLED)
                    .serviceRole(AwsAccountFixture.SERVICE_LINKED_ROLE)
                    .computeResources(r -> r.type(CRType.SPOT).bidPercentage(40).minvCpus(0).maxvCpus(16)
                            .instanceTypes("optimal").instanceRole("ecsInstanceRole").subnets(account.subnet)
                            .securityGroupIds(account.securityGroup).allocationStrategy("SPOT_PRICE_CAPACITY_OPTIMIZED"))
                    .build());
        }
        pool = moto.pool(gaps);
        operator = LocalOperator.onAwsBatch(client, pool);
        for (String ns : List.of("eo-team", "other-team")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .withLabels(Map.of("team", ns.replace("-team", ""))).endMetadata().build()).serverSideApply();
        }

        // environments: a good one that restricts who and where, and three that AWS or naming rules refuse
        BatchEnvironment guarded = environment(account, "guarded", e -> {
            e.getSpec().setAllowedNamespaces(new LabelSelectorBuilder().withMatchLabels(Map.of("team", "eo")).build());
            e.getSpec().setAllowedOutputs(List.of("s3://eo-l2a/", "s3://eo-l2a-missing/"));
        });
        BatchEnvironment badRefs = environment(account, "bad-refs", e -> {
            e.getSpec().getAwsBatch().getComputeEnvironments().forEach(ce -> ce.setSubnets(List.of("subnet-0123456789abcdef0")));
            e.getSpec().getAwsBatch().getComputeEnvironments().get(0).setImageId("ami-0123456789abcdef0");
        });
        BatchEnvironment taken = environment(account, "taken", e -> { });
        BatchEnvironment dotted = environment(account, "eo.dotted", e -> { });

        assertThat(refusedWith(badRefs, "InvalidAwsReference")).contains("subnet-0123456789abcdef0")
                .contains("AMI ami-0123456789abcdef0");
        assertThat(refusedWith(taken, "NameConflict")).contains("compute environment taken-spot").contains("adoptExisting");
        assertThat(refusedWith(dotted, "InvalidSpec")).contains("use a name without dots");
        await().atMost(Duration.ofSeconds(60)).until(() -> Conditions.ready(client.resource(guarded).get())
                .map(c -> "True".equals(c.getStatus())).orElse(false));

        // jobs: each one wrong in a way only the operator can see
        Sen2CorJob otherNamespace = job("other-team", "not-allowed", "guarded", j -> { });
        Sen2CorJob wrongOutput = job("eo-team", "wrong-output", "guarded",
                j -> j.getSpec().getOutput().setUri("s3://someone-elses-bucket/l2a/"));
        Sen2CorJob prefixTrick = job("eo-team", "prefix-trick", "guarded",
                j -> j.getSpec().getOutput().setUri("s3://eo-l2a-evil/l2a/"));
        Sen2CorJob duplicates = job("eo-team", "duplicates", "guarded",
                j -> j.getSpec().setProducts(List.of(j.getSpec().getProducts().get(0), j.getSpec().getProducts().get(0))));
        Sen2CorJob noEnvironment = job("eo-team", "no-environment", "does-not-exist", j -> { });
        Sen2CorJob onBrokenEnvironment = job("eo-team", "on-broken-environment", "bad-refs", j -> { });
        Sen2CorJob missingBucket = job("eo-team", "missing-bucket", "guarded",
                j -> j.getSpec().getOutput().setUri("s3://eo-l2a-missing/l2a/"));

        assertThat(refusedWith(otherNamespace, "NamespaceNotAllowed")).contains("does not allow namespace 'other-team'");
        assertThat(refusedWith(wrongOutput, "OutputNotAllowed")).contains("s3://someone-elses-bucket/l2a/ is not under any of");
        assertThat(refusedWith(prefixTrick, "OutputNotAllowed")).contains("s3://eo-l2a-evil/l2a/ is not under any of");
        assertThat(refusedWith(duplicates, "DuplicateProducts")).contains("listed more than once");
        assertThat(refusedWith(noEnvironment, "EnvironmentNotFound")).contains("BatchEnvironment 'does-not-exist' does not exist");
        assertThat(Conditions.ready(await().atMost(Duration.ofSeconds(60)).until(() -> client.resource(onBrokenEnvironment).get(),
                j -> Conditions.ready(j).map(c -> "EnvironmentNotReady".equals(c.getReason())).orElse(false))))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("bad-refs"));
        assertThat(refusedWith(missingBucket, "OutputBucketNotFound")).contains("s3://eo-l2a-missing/l2a/");

        assertThat(gaps.sent(SubmitJobRequest.class)).as("no bad job was submitted").isEmpty();
        assertThat(gaps.sent(CreateComputeEnvironmentRequest.class)).as("compute environments created")
                .extracting(CreateComputeEnvironmentRequest::computeEnvironmentName)
                .containsExactlyInAnyOrder("guarded-spot", "guarded-on-demand-fallback");
        assertThat(gaps.sent(CreateJobQueueRequest.class)).extracting(CreateJobQueueRequest::jobQueueName)
                .as("the queue and the On-Demand one for Spot escalations").containsExactly("guarded", "guarded-on-demand");

        // still healthy after all of that: a good job on the guarded environment goes all the way
        Sen2CorJob good = job("eo-team", "good", "guarded", j -> { });
        Sen2CorJob done = await().atMost(Duration.ofSeconds(60)).until(() -> client.resource(good).get(),
                j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);
        assertThat(done.getStatus().getScenes().getSucceeded()).isEqualTo(1);
        assertThat(gaps.sent(SubmitJobRequest.class)).as("only the good job reached AWS Batch").singleElement()
                .satisfies(s -> assertThat(s.jobName()).contains("eo-team-good"));
        assertThat(gaps.sent(RegisterJobDefinitionRequest.class)).hasSize(1);
    }
}
