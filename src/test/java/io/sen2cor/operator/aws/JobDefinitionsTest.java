package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.sen2cor.operator.testing.awsmodel.ServiceModelGuard;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsRequest;
import software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsResponse;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionResponse;

class JobDefinitionsTest {

    static final JobDefinitions.Content CONTENT = new JobDefinitions.Content("runner:1", 4, 16384, null, null, null, 3, 7200, "/aws/batch/job");

    /** Answers DescribeJobDefinitions in pages of 100, as AWS does, and records registrations. */
    static final class PagedDefinitions implements BatchClient {
        final List<JobDefinition> active;
        final List<DescribeJobDefinitionsRequest> describes = new ArrayList<>();
        final List<RegisterJobDefinitionRequest> registered = new ArrayList<>();

        PagedDefinitions(List<JobDefinition> active) {
            this.active = active;
        }

        @Override
        public DescribeJobDefinitionsResponse describeJobDefinitions(DescribeJobDefinitionsRequest request) {
            ServiceModelGuard.check(request);
            describes.add(request);
            int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
            int to = Math.min(active.size(), from + 100);
            return DescribeJobDefinitionsResponse.builder().jobDefinitions(active.subList(from, to))
                    .nextToken(to < active.size() ? String.valueOf(to) : null).build();
        }

        @Override
        public RegisterJobDefinitionResponse registerJobDefinition(RegisterJobDefinitionRequest request) {
            ServiceModelGuard.check(request);
            registered.add(request);
            return RegisterJobDefinitionResponse.builder().jobDefinitionArn("arn:new").build();
        }

        @Override
        public String serviceName() {
            return "batch";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theNewestActiveRevisionIsFoundOnAnyPage() {
        // 150 ACTIVE revisions (e.g. left by older operator versions), newest on the second page
        var batch = new PagedDefinitions(IntStream.rangeClosed(1, 150).mapToObj(r -> JobDefinition.builder()
                .jobDefinitionName(CONTENT.name()).revision(r).status("ACTIVE")
                .jobDefinitionArn("arn:aws:batch:eu-central-1:123456789012:job-definition/" + CONTENT.name() + ":" + r)
                .build()).toList());

        String arn = JobDefinitions.ensure(batch, CONTENT, Map.of());

        assertThat(arn).endsWith(":150");
        assertThat(batch.describes).hasSize(2);
        assertThat(batch.registered).as("an ACTIVE revision exists: nothing registered").isEmpty();
    }

    @Test
    void noActiveRevisionRegistersOne() {
        var batch = new PagedDefinitions(List.of());

        assertThat(JobDefinitions.ensure(batch, CONTENT, Map.of())).isEqualTo("arn:new");
        assertThat(batch.registered).singleElement().satisfies(r -> {
            assertThat(r.jobDefinitionName()).isEqualTo(CONTENT.name());
            assertThat(r.timeout().attemptDurationSeconds()).isEqualTo(7200);
        });
    }

    @Test
    void theLogConfigurationNamesTheGroupAndCreatesOnlyAGroupThatIsNotBatchsOwn() {
        var own = JobDefinitions.register(CONTENT, Map.of()).containerProperties().logConfiguration();
        assertThat(own.logDriverAsString()).isEqualTo("awslogs");
        assertThat(own.options()).containsExactly(Map.entry("awslogs-group", "/aws/batch/job"));

        var custom = new JobDefinitions.Content("runner:1", 4, 16384, null, null, null, 3, 7200, "/sen2cor/kenya");
        var named = JobDefinitions.register(custom, Map.of());
        ServiceModelGuard.check(named);
        assertThat(named.containerProperties().logConfiguration().options())
                .as("the group must exist: no create race on every container").containsExactly(Map.entry("awslogs-group", "/sen2cor/kenya"));
        assertThat(custom.name()).as("the group is part of what names a definition").isNotEqualTo(CONTENT.name());
    }

    @Test
    void theContainerRunsAsTheRunnerUserOnAReadOnlyRootWithAWorkVolumeAndATmpfs() {
        var request = JobDefinitions.register(CONTENT, java.util.Map.of());
        ServiceModelGuard.check(request);
        var c = request.containerProperties();
        assertThat(c.user()).isEqualTo("10001");
        assertThat(c.readonlyRootFilesystem()).isTrue();
        assertThat(c.privileged()).isFalse();
        assertThat(c.linuxParameters().tmpfs()).singleElement().satisfies(t -> {
            assertThat(t.containerPath()).isEqualTo("/tmp");
            assertThat(t.mountOptions()).contains("nosuid", "nodev");
        });
        assertThat(c.mountPoints()).anySatisfy(m -> {
            assertThat(m.containerPath()).isEqualTo("/work");
            assertThat(m.readOnly()).isFalse();
        });
        assertThat(c.volumes()).anySatisfy(v -> assertThat(v.host()).as("a Docker-managed folder, not a host path").isNotNull()
                .satisfies(h -> assertThat(h.sourcePath()).isNull()));
    }

    @Test
    void awsErrorsDoNotNameTheOperatorsIdentity() {
        String denied = "User: arn:aws:sts::123456789012:assumed-role/sen2cor-operator/i-0abc is not authorized to perform: "
                + "batch:SubmitJob on resource: arn:aws:batch:eu-central-1:123456789012:job-queue/q";
        assertThat(AwsFailures.withoutCaller(denied)).isEqualTo("User: <the operator's identity> is not authorized to perform: "
                + "batch:SubmitJob on resource: arn:aws:batch:eu-central-1:123456789012:job-queue/q");
        assertThat(AwsFailures.withoutCaller("arn:aws-cn:iam::123456789012:user/ops, denied"))
                .isEqualTo("<the operator's identity>, denied");
    }

    @Test
    void onAFairShareEnvironmentAJobSubmitsUnderItsNamespacesShareIdentifier() {
        var env = io.sen2cor.operator.testing.LocalOperator.example("batchenvironment-spot.yaml",
                io.sen2cor.operator.api.BatchEnvironment.class);
        var job = io.sen2cor.operator.testing.LocalOperator.example("sen2corjob-kenya.yaml", io.sen2cor.operator.api.Sen2CorJob.class);
        job.getMetadata().setNamespace("team-a");
        job.getMetadata().setUid(java.util.UUID.randomUUID().toString());
        var manifest = io.sen2cor.operator.contract.S3Location.parse("s3://eo-l2a/kenya/_sen2cor/scenes-r0.txt");
        var chunk = JobSubmissions.chunks(1).get(0);
        assertThat(JobSubmissions.request(job, env, 0, chunk, "queue", "definition", manifest, "Spot").shareIdentifier())
                .as("a FIFO queue takes no share identifier").isNull();
        env.getSpec().getAwsBatch().setFairShare(new io.sen2cor.operator.api.FairShareSpec());
        var request = JobSubmissions.request(job, env, 0, chunk, "queue", "definition", manifest, "Spot");
        ServiceModelGuard.check(request);
        assertThat(request.shareIdentifier()).isEqualTo("team_a");
    }
}
