package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.AllocationStrategy;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.api.ComputeEnvironmentSpec;
import io.sen2cor.operator.api.DeletionPolicy;
import io.sen2cor.operator.api.LaunchTemplateRef;
import io.sen2cor.operator.api.ReplacePolicy;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.IamPolicy;
import io.sen2cor.operator.testing.MotoBatchGaps;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.RecordingEvents;
import io.sen2cor.operator.testing.WithMoto;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.iam.model.CreateServiceLinkedRoleRequest;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.CEState;
import software.amazon.awssdk.services.batch.model.CEType;
import software.amazon.awssdk.services.batch.model.CRType;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.CreateComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.CreateJobQueueRequest;
import software.amazon.awssdk.services.batch.model.DeleteComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.JQState;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;
import software.amazon.awssdk.services.batch.model.UpdateComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.UpdateJobQueueRequest;

/**
 * The awsBatch backend against moto (a real AWS Batch/IAM/EC2 emulator, not AWS), reconcile by reconcile as the
 * operator would call it. Where moto does not model AWS (updates, INVALID, console edits) {@link MotoBatchGaps}
 * fills in and records the requests sent.
 */
@WithMoto
class AwsBatchEnvironmentBackendTest {

    MotoServer moto;
    MotoBatchGaps gaps;
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    RecordingEvents events;
    AwsClientPool pool;
    AwsBatchEnvironmentBackend backend;
    AwsAccountFixture account;
    BatchClient batch;
    AwsClients direct;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        gaps = new MotoBatchGaps();
        events = new RecordingEvents();
        pool = moto.pool(new io.sen2cor.operator.metrics.AwsCallMetrics(registry), gaps);
        backend = new AwsBatchEnvironmentBackend(pool, events,
                new AwsBatchTiming(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)));
        direct = moto.clients();
        account = AwsAccountFixture.prepare(direct);
        batch = direct.batch();
    }

    /** Every request any test here made, checked against the documented IAM policy once all ran. */
    static final List<SdkRequest> ALL_REQUESTS = new CopyOnWriteArrayList<>();

    @AfterAll
    static void theDocumentedIamPolicyAllowsEveryCallTheBackendMade() {
        assertThat(ALL_REQUESTS).isNotEmpty();
        assertThat(IamPolicy.missing(ALL_REQUESTS)).as(IamPolicy.FILE + " lacks").isEmpty();
    }

    @AfterEach
    void tearDown() {
        ALL_REQUESTS.addAll(gaps.everything);
        pool.close();
        direct.close();
    }

    /** Reconciles as the operator would (each recheck is another call) until Ready or Degraded. */
    Observation converge(BatchEnvironment env) {
        Observation o = null;
        for (int i = 0; i < 12; i++) {
            o = backend.reconcile(env, status(env));
            if (o.state() != Observation.State.PROGRESSING) {
                return o;
            }
            assertThat(o.recheckAfter()).as("progress is rechecked, never waited for").isEqualTo(Duration.ofSeconds(1));
        }
        throw new AssertionError("did not settle in 12 reconciles; last: " + o);
    }

    static BatchEnvironmentStatus status(BatchEnvironment env) {
        if (env.getStatus() == null) {
            env.setStatus(new BatchEnvironmentStatus());
        }
        return env.getStatus();
    }

    Observation cleanUp(BatchEnvironment env) {
        Observation o = null;
        for (int i = 0; i < 12; i++) {
            o = backend.cleanup(env);
            if (o.done()) {
                return o;
            }
        }
        throw new AssertionError("cleanup did not finish in 12 calls; last: " + o);
    }

    ComputeEnvironmentDetail ce(String name) {
        return batch.describeComputeEnvironments(r -> r.computeEnvironments(name)).computeEnvironments().stream()
                .findFirst().orElse(null);
    }

    JobQueueDetail queue(String name) {
        return batch.describeJobQueues(r -> r.jobQueues(name)).jobQueues().stream().findFirst().orElse(null);
    }

    static List<String> order(JobQueueDetail q) {
        return q.computeEnvironmentOrder().stream().sorted((a, b) -> a.order() - b.order())
                .map(o -> o.computeEnvironment().substring(o.computeEnvironment().lastIndexOf('/') + 1)).toList();
    }

    static LaunchTemplateRef latestTemplate() {
        var lt = new LaunchTemplateRef();
        lt.setName(AwsAccountFixture.LAUNCH_TEMPLATE);
        lt.setVersion("$Latest");
        return lt;
    }

    ComputeEnvironmentSpec spot(BatchEnvironment env) {
        return env.getSpec().getAwsBatch().getComputeEnvironments().get(0);
    }

    @Test
    void createsComputeEnvironmentsUntilValidThenTheQueueAndRecordsThemInStatus() {
        BatchEnvironment env = account.exampleEnvironment();
        spot(env).setLaunchTemplate(latestTemplate());

        Observation o = converge(env);

        assertThat(o.state()).isEqualTo(Observation.State.READY);
        assertThat(o.message()).isEqualTo("job queue s2-spot is ENABLED with compute environments [spot, on-demand-fallback]");
        assertThat(o.recheckAfter()).as("periodic resync for drift").isEqualTo(Duration.ofSeconds(3));

        var spot = ce("s2-spot-spot");
        assertThat(spot.type()).isEqualTo(CEType.MANAGED);
        assertThat(spot.computeResources().type()).isEqualTo(CRType.SPOT);
        assertThat(spot.computeResources().bidPercentage()).isEqualTo(40);
        assertThat(spot.computeResources().allocationStrategyAsString()).isEqualTo("SPOT_PRICE_CAPACITY_OPTIMIZED");
        assertThat(spot.computeResources().launchTemplate().version()).as("$Latest resolved").isEqualTo("2");
        assertThat(spot.computeResources().instanceRole()).isEqualTo("ecsInstanceRole");
        assertThat(spot.computeResources().subnets()).containsExactly(account.subnet);
        assertThat(spot.computeResources().tags()).as("the instances' tags: the spec's and the cost-allocation ones")
                .containsEntry("team", "eo").containsEntry(OwnershipTags.ENVIRONMENT, "s2-spot")
                .containsEntry(OwnershipTags.MANAGED_BY, "sen2cor-operator");
        assertThat(spot.tags()).containsEntry(OwnershipTags.OWNER_UID, env.getMetadata().getUid())
                .containsEntry(OwnershipTags.COMPUTE_ENVIRONMENT, "spot").containsEntry("team", "eo");
        var onDemand = ce("s2-spot-on-demand-fallback");
        assertThat(onDemand.computeResources().type()).isEqualTo(CRType.EC2);
        assertThat(onDemand.computeResources().allocationStrategyAsString()).isEqualTo("BEST_FIT_PROGRESSIVE");
        assertThat(onDemand.computeResources().bidPercentage()).isNull();

        var q = queue("s2-spot");
        assertThat(q.priority()).isEqualTo(10);
        assertThat(q.stateAsString()).isEqualTo("ENABLED");
        assertThat(order(q)).containsExactly("s2-spot-spot", "s2-spot-on-demand-fallback");

        var onDemandQueue = queue("s2-spot-on-demand");
        assertThat(order(onDemandQueue)).as("where Spot-interrupted scenes escalate to").containsExactly("s2-spot-on-demand-fallback");
        assertThat(onDemandQueue.tags()).containsEntry(OwnershipTags.OWNER_UID, env.getMetadata().getUid());

        assertThat(gaps.requests).as("API calls for one create on an emulator that is VALID at once: 3 reconciles of "
                + "2 describes + 1 launch template lookup, 5 preflight reads, 4 writes").hasSize(18);
        assertThat(gaps.writes()).as("compute environments first, the queues only once they are VALID")
                .containsExactly("CreateComputeEnvironmentRequest", "CreateComputeEnvironmentRequest", "CreateJobQueueRequest",
                        "CreateJobQueueRequest");
        var status = env.getStatus();
        assertThat(status.getComputeEnvironments()).extracting("name", "arn", "status", "state", "launchTemplateVersion")
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("spot", spot.computeEnvironmentArn(), "VALID", "ENABLED", "2"),
                        org.assertj.core.groups.Tuple.tuple("on-demand-fallback", onDemand.computeEnvironmentArn(), "VALID",
                                "ENABLED", null));
        assertThat(status.getJobQueue().getArn()).isEqualTo(q.jobQueueArn());
        assertThat(status.getJobQueue().getStatus()).isEqualTo("VALID");
        assertThat(status.getOnDemandJobQueue().getArn()).isEqualTo(onDemandQueue.jobQueueArn());
        assertThat(events.reasons()).containsExactly(EventReason.ComputeEnvironmentCreated, EventReason.ComputeEnvironmentCreated,
                EventReason.JobQueueCreated, EventReason.JobQueueCreated);

        gaps.clear();
        assertThat(converge(env).state()).isEqualTo(Observation.State.READY);
        assertThat(gaps.writes()).as("a resync of a matching environment changes nothing").isEmpty();
    }

    @Test
    void fairShareGivesTheQueuesAnOwnedPolicyWithAShareIdentifierPerNamespaceAndDeletesItLast() {
        BatchEnvironment env = account.exampleEnvironment();
        var fair = new io.sen2cor.operator.api.FairShareSpec();
        var share = new io.sen2cor.operator.api.NamespaceShare();
        share.setNamespace("team-a");
        share.setWeightFactor(0.5);
        fair.setShares(List.of(share));
        env.getSpec().getAwsBatch().setFairShare(fair);

        assertThat(converge(env).state()).isEqualTo(Observation.State.READY);
        var policies = batch.describeSchedulingPolicies(r -> r.arns(batch.listSchedulingPolicies(x -> { })
                .schedulingPolicies().stream().map(p -> p.arn()).toList())).schedulingPolicies();
        assertThat(policies).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("s2-spot-share");
            assertThat(p.tags()).containsEntry(OwnershipTags.OWNER_UID, env.getMetadata().getUid());
            assertThat(p.fairsharePolicy().shareDecaySeconds()).isEqualTo(3600);
            assertThat(p.fairsharePolicy().shareDistribution()).singleElement()
                    .satisfies(d -> assertThat(d.shareIdentifier() + "=" + d.weightFactor()).isEqualTo("team_a=0.5"));
        });
        String arn = policies.get(0).arn();
        assertThat(queue("s2-spot").schedulingPolicyArn()).isEqualTo(arn);
        assertThat(queue("s2-spot-on-demand").schedulingPolicyArn()).as("the escalation queue shares by namespace too").isEqualTo(arn);
        assertThat(events.messages(EventReason.SchedulingPolicyCreated)).containsExactly("created fair-share scheduling policy s2-spot-share");

        share.setWeightFactor(2.0);
        converge(env);
        assertThat(batch.describeSchedulingPolicies(r -> r.arns(arn)).schedulingPolicies().get(0).fairsharePolicy()
                .shareDistribution().get(0).weightFactor()).isEqualTo(2.0f);
        converge(env);
        assertThat(events.messages(EventReason.SchedulingPolicyUpdated)).as("updated once, not on every sync").hasSize(1);

        cleanUp(env);
        assertThat(batch.describeJobQueues(r -> { }).jobQueues()).isEmpty();
        assertThat(batch.listSchedulingPolicies(r -> { }).schedulingPolicies()).as("deleted after the queues").isEmpty();
    }

    @Test
    void aMissingReferenceCreatesNothingAndSaysWhich() {
        BatchEnvironment env = account.exampleEnvironment();
        env.getSpec().getAwsBatch().getComputeEnvironments().get(1).setSubnets(List.of("subnet-0123456789abcdef0"));
        spot(env).setInstanceRole("noSuchProfile");

        Observation o = converge(env);

        assertThat(o.state()).isEqualTo(Observation.State.DEGRADED);
        assertThat(o.reason()).isEqualTo(ConditionReason.InvalidAwsReference);
        assertThat(o.message()).startsWith("nothing was created: ").contains("instance profile noSuchProfile")
                .contains("subnet subnet-0123456789abcdef0");
        assertThat(gaps.writes()).isEmpty();
        assertThat(batch.describeComputeEnvironments(r -> { }).computeEnvironments()).isEmpty();

        spot(env).setInstanceRole("ecsInstanceRole");
        env.getSpec().getAwsBatch().getComputeEnvironments().get(1).setSubnets(List.of(account.subnet));
        spot(env).setImageId("ami-0123456789abcdef0");
        direct.iam().deleteRole(r -> r.roleName("AWSServiceRoleForEC2Spot"));
        Observation unknownAmiAndNoSpotRole = converge(env);
        assertThat(unknownAmiAndNoSpotRole.message()).contains("AMI ami-0123456789abcdef0")
                .contains("service-linked role AWSServiceRoleForEC2Spot (create it once per account: aws iam "
                        + "create-service-linked-role --aws-service-name spot.amazonaws.com)");
        assertThat(gaps.writes()).isEmpty();

        var lt = new LaunchTemplateRef();
        lt.setName("no-such-template");
        spot(env).setLaunchTemplate(lt);
        Observation missingTemplate = converge(env);
        assertThat(missingTemplate.reason()).isEqualTo(ConditionReason.InvalidAwsReference);
        assertThat(missingTemplate.message()).contains("launch template no-such-template");
    }

    @Test
    void aRoleArnWithTheWrongPathIsRefusedBeforeAnythingIsCreated() {
        direct.iam().createRole(r -> r.roleName("sen2cor-batch").path("/service-role/")
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
        BatchEnvironment env = account.exampleEnvironment();
        // the name exists, but under /service-role/: AWS would leave the compute environment INVALID
        env.getSpec().getAwsBatch().setServiceRole("arn:aws:iam::123456789012:role/sen2cor-batch");

        Observation o = converge(env);

        assertThat(o.reason()).isEqualTo(ConditionReason.InvalidAwsReference);
        assertThat(o.message()).contains("IAM role arn:aws:iam::123456789012:role/sen2cor-batch")
                .contains("exists as arn:aws:iam::123456789012:role/service-role/sen2cor-batch (check the path)");
        assertThat(gaps.writes()).isEmpty();
    }

    @Test
    void aBestFitSpotFleetRoleWithoutTheTaggingPolicyIsRefusedBeforeAnythingIsCreated() {
        direct.iam().createRole(r -> r.roleName("bare-fleet").assumeRolePolicyDocument("{}"));
        BatchEnvironment env = account.exampleEnvironment();
        spot(env).setAllocationStrategy(AllocationStrategy.BEST_FIT);
        spot(env).setSpotFleetRole("arn:aws:iam::123456789012:role/bare-fleet");

        Observation o = converge(env);

        assertThat(o.reason()).isEqualTo(ConditionReason.InvalidAwsReference);
        assertThat(o.message()).contains("Spot Fleet role arn:aws:iam::123456789012:role/bare-fleet (attach the AWS managed "
                + "policy AmazonEC2SpotFleetTaggingRole)");
        assertThat(gaps.writes()).isEmpty();
    }

    @Test
    void aFreshAccountGetsTheBatchServiceLinkedRoleOrAMessageSayingHowToCreateIt() {
        BatchEnvironment env = account.exampleEnvironment();
        direct.iam().deleteRole(r -> r.roleName("AWSServiceRoleForBatch"));
        gaps.refuse(CreateServiceLinkedRoleRequest.class, 403, "AccessDenied",
                "User is not authorized to perform: iam:CreateServiceLinkedRole");

        Observation refused = converge(env);

        assertThat(refused.reason()).isEqualTo(ConditionReason.InvalidAwsReference);
        assertThat(refused.message()).contains("service-linked role AWSServiceRoleForBatch does not exist and could not "
                + "be created", "aws iam create-service-linked-role --aws-service-name batch.amazonaws.com",
                "not authorized to perform: iam:CreateServiceLinkedRole");
        assertThat(gaps.writes()).as("nothing created before the role exists").containsOnly("CreateServiceLinkedRoleRequest");

        gaps.refuse(CreateServiceLinkedRoleRequest.class, 0, null, null);
        converge(env);
        assertThat(gaps.sent(CreateServiceLinkedRoleRequest.class)).last()
                .satisfies(r -> assertThat(r.awsServiceName()).isEqualTo("batch.amazonaws.com"));
        // moto names the role AWSServiceRoleForbatch (AWS: AWSServiceRoleForBatch), so its Batch does not find it
        // and the environment cannot become Ready here; what matters is that the role was asked for
        assertThat(direct.iam().listRoles(r -> r.pathPrefix("/aws-service-role/batch.amazonaws.com/")).roles())
                .isNotEmpty();
    }

    @Test
    void aForeignComputeEnvironmentWithTheSameNameIsNeverTouchedUnlessAdoptionIsAskedFor() {
        BatchEnvironment env = account.exampleEnvironment();
        String foreign = batch.createComputeEnvironment(CreateComputeEnvironmentRequest.builder()
                .computeEnvironmentName("s2-spot-spot").type(CEType.MANAGED).state(CEState.ENABLED)
                .serviceRole(AwsAccountFixture.SERVICE_LINKED_ROLE)
                .computeResources(r -> r.type(CRType.SPOT).bidPercentage(40).minvCpus(0).maxvCpus(16)
                        .instanceTypes("optimal").instanceRole("ecsInstanceRole").subnets(account.subnet)
                        .securityGroupIds(account.securityGroup).allocationStrategy("SPOT_PRICE_CAPACITY_OPTIMIZED"))
                .build()).computeEnvironmentArn();

        Observation o = converge(env);
        assertThat(o.reason()).isEqualTo(ConditionReason.NameConflict);
        assertThat(o.message()).contains("compute environment s2-spot-spot (no sen2cor.io/owner-uid tag)")
                .contains("adoptExisting");
        assertThat(gaps.writes()).as("nothing at all is created while a name is taken").isEmpty();

        env.getSpec().getAwsBatch().setAdoptExisting(true);
        assertThat(converge(env).state()).isEqualTo(Observation.State.READY);
        assertThat(ce("s2-spot-spot").computeEnvironmentArn()).isEqualTo(foreign);
        assertThat(ce("s2-spot-spot").tags()).containsEntry(OwnershipTags.OWNER_UID, env.getMetadata().getUid());
        assertThat(gaps.sent(UpdateComputeEnvironmentRequest.class)).as("adopted, then brought to the spec")
                .singleElement().satisfies(u -> assertThat(u.computeResources().maxvCpus()).isEqualTo(256));
        assertThat(events.reasons()).contains(EventReason.Adopted);
    }

    @Test
    void scalingAndAllowedInfrastructureChangesAreAppliedInPlace() {
        BatchEnvironment env = account.exampleEnvironment();
        converge(env);
        gaps.clear();

        spot(env).setMaxVcpus(512);
        spot(env).setInstanceTypes(List.of("c5", "m5"));
        assertThat(converge(env).state()).isEqualTo(Observation.State.READY);

        var update = gaps.sent(UpdateComputeEnvironmentRequest.class);
        assertThat(update).singleElement().satisfies(u -> {
            assertThat(u.computeEnvironment()).endsWith("/s2-spot-spot");
            assertThat(u.computeResources().maxvCpus()).isEqualTo(512);
            assertThat(u.computeResources().instanceTypes()).containsExactlyInAnyOrder("c5", "m5");
            assertThat(u.computeResources().minvCpus()).isNull();
            assertThat(u.updatePolicy().terminateJobsOnUpdate()).isFalse();
        });
        assertThat(gaps.sent(CreateComputeEnvironmentRequest.class)).isEmpty();
        assertThat(events.messages(EventReason.ComputeEnvironmentUpdated)).singleElement().asString()
                .contains("maxVcpus 256 -> 512");
    }

    @Test
    void blueGreenReplacementCreatesSwapsThenRetiresTheOldComputeEnvironment() {
        BatchEnvironment env = account.exampleEnvironment();
        spot(env).setAllocationStrategy(AllocationStrategy.BEST_FIT);
        spot(env).setSpotFleetRole(AwsAccountFixture.SPOT_FLEET_ROLE);
        converge(env);
        String old = ce("s2-spot-spot").computeEnvironmentArn();
        gaps.clear();

        spot(env).setInstanceTypes(List.of("c5"));
        Observation o = converge(env);

        assertThat(o.state()).isEqualTo(Observation.State.READY);
        assertThat(ce("s2-spot-spot")).as("old compute environment deleted").isNull();
        var replacement = ce("s2-spot-spot-2");
        assertThat(replacement.computeResources().instanceTypes()).containsExactly("c5");
        assertThat(replacement.tags()).containsEntry(OwnershipTags.GENERATION, "2");
        assertThat(order(queue("s2-spot"))).containsExactly("s2-spot-spot-2", "s2-spot-on-demand-fallback");
        assertThat(gaps.writes()).as("create, swap into the queue, disable, delete")
                .containsExactly("CreateComputeEnvironmentRequest", "UpdateJobQueueRequest",
                        "UpdateComputeEnvironmentRequest", "DeleteComputeEnvironmentRequest");
        assertThat(gaps.sent(UpdateComputeEnvironmentRequest.class).get(0).computeEnvironment()).isEqualTo(old);
        assertThat(gaps.sent(UpdateComputeEnvironmentRequest.class).get(0).stateAsString()).isEqualTo("DISABLED");
        assertThat(env.getStatus().getComputeEnvironments().get(0).getArn()).isEqualTo(replacement.computeEnvironmentArn());
        assertThat(events.messages(EventReason.ComputeEnvironmentReplacing)).singleElement().asString()
                .contains("replacing compute environment s2-spot-spot with s2-spot-spot-2")
                .contains("BEST_FIT");
    }

    @Test
    void manualReplacePolicyChangesNothingAndReportsThePendingReplacementOnce() {
        BatchEnvironment env = account.exampleEnvironment();
        env.getSpec().getAwsBatch().setReplacePolicy(ReplacePolicy.Manual);
        spot(env).setAllocationStrategy(AllocationStrategy.BEST_FIT);
        spot(env).setSpotFleetRole(AwsAccountFixture.SPOT_FLEET_ROLE);
        converge(env);
        gaps.clear();
        events.events.clear();

        spot(env).setInstanceTypes(List.of("c5"));
        Observation first = converge(env);
        Observation second = converge(env);

        assertThat(second.state()).as("the environment keeps working").isEqualTo(Observation.State.READY);
        assertThat(second.reason()).as("Ready means ready").isEqualTo(ConditionReason.Ready);
        assertThat(second.warning().reason()).isEqualTo(ConditionReason.ReplacementPending);
        assertThat(first.warning()).isEqualTo(second.warning());
        assertThat(second.warning().message())
                .isEqualTo("s2-spot-spot needs replacement: instanceTypes [optimal] -> [c5] (instanceTypes cannot change "
                        + "in place with allocation strategy BEST_FIT (only BEST_FIT_PROGRESSIVE, BEST_FIT_PROGRESSIVE_ORDERED, "
                        + "SPOT_CAPACITY_OPTIMIZED, SPOT_CAPACITY_OPTIMIZED_PRIORITIZED, SPOT_PRICE_CAPACITY_OPTIMIZED allow "
                        + "it)); replacePolicy is Manual, nothing was changed");
        assertThat(env.getStatus().getComputeEnvironments().get(0).getPendingReplacement())
                .isEqualTo(second.warning().message());
        assertThat(gaps.writes()).isEmpty();
        assertThat(events.reasons()).as("the reconciler's Warning condition carries it, with its Event").isEmpty();
    }

    @Test
    void driftOutsideTheOperatorIsCorrectedExceptDesiredVcpus() {
        BatchEnvironment env = account.exampleEnvironment();
        converge(env);
        gaps.clear();

        // someone in the console disables the queue and lowers maxvCpus (moto stores the state, MotoBatchGaps the
        // vCPUs, as AWS would); the decisions on drift, desiredvCpus included, are in EnvironmentSyncDecisionTest
        batch.updateJobQueue(r -> r.jobQueue("s2-spot").state(JQState.DISABLED));
        pool.region("eu-central-1").batch()
                .updateComputeEnvironment(r -> r.computeEnvironment("s2-spot-spot").computeResources(c -> c.maxvCpus(8)));
        gaps.clear();

        assertThat(converge(env).state()).isEqualTo(Observation.State.READY);
        assertThat(queue("s2-spot").stateAsString()).isEqualTo("ENABLED");
        assertThat(gaps.sent(UpdateJobQueueRequest.class)).singleElement()
                .satisfies(u -> assertThat(u.stateAsString()).isEqualTo("ENABLED"));
        assertThat(gaps.sent(UpdateComputeEnvironmentRequest.class)).singleElement().satisfies(u -> {
            assertThat(u.computeResources().maxvCpus()).isEqualTo(256);
            assertThat(u.computeResources().desiredvCpus()).as("Batch owns desiredvCpus when the spec is silent").isNull();
        });

        // a compute environment deleted outside the operator comes back
        batch.updateJobQueue(r -> r.jobQueue("s2-spot").computeEnvironmentOrder(o -> o.order(1)
                .computeEnvironment(ce("s2-spot-on-demand-fallback").computeEnvironmentArn())));
        batch.deleteComputeEnvironment(r -> r.computeEnvironment("s2-spot-spot"));
        gaps.clear();
        assertThat(converge(env).state()).isEqualTo(Observation.State.READY);
        assertThat(ce("s2-spot-spot")).isNotNull();
        assertThat(order(queue("s2-spot"))).containsExactly("s2-spot-spot", "s2-spot-on-demand-fallback");
        assertThat(gaps.writes()).containsExactly("CreateComputeEnvironmentRequest", "UpdateJobQueueRequest");
    }

    @Test
    void aNewLaunchTemplateVersionIsNoticedAndRolledOutInPlace() {
        BatchEnvironment env = account.exampleEnvironment();
        spot(env).setLaunchTemplate(latestTemplate());
        converge(env);
        gaps.clear();

        direct.ec2().createLaunchTemplateVersion(r -> r.launchTemplateName(AwsAccountFixture.LAUNCH_TEMPLATE)
                .launchTemplateData(d -> d.imageId("ami-1234567a")));
        assertThat(converge(env).state()).isEqualTo(Observation.State.READY);

        assertThat(gaps.sent(UpdateComputeEnvironmentRequest.class)).singleElement()
                .satisfies(u -> assertThat(u.computeResources().launchTemplate().version()).isEqualTo("3"));
        assertThat(env.getStatus().getComputeEnvironments().get(0).getLaunchTemplateVersion()).isEqualTo("3");
    }

    @Test
    void theOnDemandQueueIsKeptOnlyWhileTheEnvironmentHasSpotAndOnDemandComputeEnvironments() {
        BatchEnvironment env = account.exampleEnvironment();
        converge(env);
        assertThat(queue("s2-spot-on-demand")).isNotNull();

        env.getSpec().getAwsBatch().getComputeEnvironments().remove(1);
        env.getMetadata().setGeneration(2L);
        Observation o = converge(env);

        assertThat(o.state()).isEqualTo(Observation.State.READY);
        assertThat(queue("s2-spot-on-demand")).as("no On-Demand compute environment left to escalate to").isNull();
        assertThat(env.getStatus().getOnDemandJobQueue()).isNull();
        assertThat(order(queue("s2-spot"))).containsExactly("s2-spot-spot");
    }

    @Test
    void deletionDisablesAndDeletesTheQueueThenEachComputeEnvironmentAndLeavesForeignOnesAlone() {
        BatchEnvironment env = account.exampleEnvironment();
        converge(env);
        BatchEnvironment other = account.exampleEnvironment();
        other.getMetadata().setName("other");
        converge(other);
        gaps.clear();

        // a cleanup interrupted after its first step (operator restart, status lost) is finished by a fresh backend
        assertThat(backend.cleanup(env).done()).isFalse();
        backend = new AwsBatchEnvironmentBackend(pool, events, AwsBatchTiming.DEFAULT);
        assertThat(cleanUp(env).message()).isEqualTo("no AWS Batch resources left");
        assertThat(gaps.requests).as("API calls for one delete: 5 steps of 2 describes, 8 writes").hasSize(18);

        assertThat(gaps.writes()).containsExactly("UpdateJobQueueRequest", "UpdateJobQueueRequest", "DeleteJobQueueRequest",
                "DeleteJobQueueRequest", "UpdateComputeEnvironmentRequest", "UpdateComputeEnvironmentRequest",
                "DeleteComputeEnvironmentRequest", "DeleteComputeEnvironmentRequest");
        assertThat(queue("s2-spot-on-demand")).isNull();
        assertThat(gaps.sent(DeleteComputeEnvironmentRequest.class)).extracting(DeleteComputeEnvironmentRequest::computeEnvironment)
                .allSatisfy(arn -> assertThat(arn).contains("/s2-spot-"));
        assertThat(queue("s2-spot")).isNull();
        assertThat(ce("s2-spot-spot")).isNull();
        assertThat(queue("other")).as("another environment's queue").isNotNull();
        assertThat(ce("other-spot").stateAsString()).isEqualTo("ENABLED");
    }

    @Test
    void retainLeavesEverythingInAws() {
        BatchEnvironment env = account.exampleEnvironment();
        env.getSpec().getAwsBatch().setDeletionPolicy(DeletionPolicy.Retain);
        converge(env);
        gaps.clear();

        assertThat(backend.cleanup(env).done()).isTrue();

        assertThat(gaps.requests).isEmpty();
        assertThat(queue("s2-spot").stateAsString()).isEqualTo("ENABLED");
        assertThat(ce("s2-spot-spot")).isNotNull();
    }

    @Test
    void aForeignJobQueueWithTheQueueNameIsAConflictToo() {
        BatchEnvironment env = account.exampleEnvironment();
        String ce = batch.createComputeEnvironment(CreateComputeEnvironmentRequest.builder()
                .computeEnvironmentName("someone-elses").type(CEType.MANAGED).state(CEState.ENABLED)
                .serviceRole(AwsAccountFixture.SERVICE_LINKED_ROLE)
                .computeResources(r -> r.type(CRType.EC2).minvCpus(0).maxvCpus(16).instanceTypes("optimal")
                        .instanceRole("ecsInstanceRole").subnets(account.subnet).securityGroupIds(account.securityGroup))
                .build()).computeEnvironmentArn();
        batch.createJobQueue(CreateJobQueueRequest.builder().jobQueueName("shared-queue").priority(1).state("ENABLED")
                .computeEnvironmentOrder(o -> o.order(1).computeEnvironment(ce)).build());
        env.getSpec().getAwsBatch().getJobQueue().setName("shared-queue");

        Observation o = converge(env);

        assertThat(o.reason()).isEqualTo(ConditionReason.NameConflict);
        assertThat(o.message()).contains("job queue shared-queue (no sen2cor.io/owner-uid tag)");
        assertThat(gaps.writes()).isEmpty();
    }

    @Test
    void awsRefusalsBecomeAConditionWithAwsWordsNotAnException() {
        BatchEnvironment env = account.exampleEnvironment();
        gaps.refuse(CreateJobQueueRequest.class, 403, "AccessDeniedException",
                "User is not authorized to perform: batch:CreateJobQueue");

        Observation o = converge(env);

        assertThat(o.state()).isEqualTo(Observation.State.DEGRADED);
        assertThat(o.reason()).isEqualTo(ConditionReason.AwsRequestFailed);
        assertThat(o.message()).isEqualTo("User is not authorized to perform: batch:CreateJobQueue "
                + "(AccessDeniedException, HTTP 403)");
        assertThat(o.recheckAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(registry.get("sen2cor.aws.calls").tags("operation", "CreateJobQueue", "outcome", "client_error")
                .counter().count()).as("refused calls are counted by outcome").isEqualTo(1.0);
        assertThat(registry.get("sen2cor.aws.calls").tags("operation", "CreateComputeEnvironment", "outcome", "success")
                .counter().count()).isEqualTo(2.0);

        gaps.refuse(CreateJobQueueRequest.class, 0, null, null);
        assertThat(converge(env).state()).as("recovers once AWS allows it").isEqualTo(Observation.State.READY);
    }
}
