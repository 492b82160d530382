package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.testing.InMemoryBatch;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.RecordingEvents;
import io.sen2cor.operator.testing.TestClock;
import io.sen2cor.operator.testing.awsmodel.ServiceModelGuard;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder;
import software.amazon.awssdk.services.batch.model.CreateComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.CreateJobQueueRequest;
import software.amazon.awssdk.services.batch.model.UpdateComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.UpdateJobQueueRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetInstanceProfileRequest;
import software.amazon.awssdk.services.iam.model.GetInstanceProfileResponse;
import software.amazon.awssdk.services.iam.model.GetRoleRequest;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;

/**
 * Decisions of the BatchEnvironment sync on the in-memory AWS Batch model (testing/InMemoryBatch), in milliseconds:
 * the states moto never shows (CREATING, INVALID, UPDATING, DELETING), AWS's refusals, throttling and lost answers.
 * moto still tests the same code end to end through the SDK (AwsBatchEnvironmentBackendTest).
 */
class EnvironmentSyncDecisionTest {

    final InMemoryBatch batch = new InMemoryBatch("eu-central-1");
    final RecordingEvents events = new RecordingEvents();
    final TestClock clock = new TestClock();
    final BatchEnvironment env = LocalOperator.example("batchenvironment-spot.yaml", BatchEnvironment.class);
    /** IAM and EC2 as an account where every referenced role, subnet and security group exists. */
    final AwsReferences references = new AwsReferences(new IamClient() {
        @Override
        public GetInstanceProfileResponse getInstanceProfile(GetInstanceProfileRequest request) {
            return GetInstanceProfileResponse.builder().build();
        }

        @Override
        public GetRoleResponse getRole(GetRoleRequest request) {
            return GetRoleResponse.builder().build();
        }

        @Override
        public software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesResponse listAttachedRolePolicies(
                software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesRequest request) {
            return software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesResponse.builder().attachedPolicies(
                    software.amazon.awssdk.services.iam.model.AttachedPolicy.builder()
                            .policyArn("arn:aws:iam::aws:policy/service-role/AmazonEC2SpotFleetTaggingRole").build()).build();
        }

        @Override
        public String serviceName() {
            return "iam";
        }

        @Override
        public void close() {
        }
    }, new Ec2Client() {
        @Override
        public DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest request) {
            return DescribeSubnetsResponse.builder().build();
        }

        @Override
        public DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest request) {
            return DescribeSecurityGroupsResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "ec2";
        }

        @Override
        public void close() {
        }
    });

    @BeforeEach
    void setUp() {
        env.getMetadata().setUid(UUID.randomUUID().toString());
        env.setStatus(new BatchEnvironmentStatus());
    }

    Observation sync() {
        return new EnvironmentSync(env, batch, references, events, AwsBatchTiming.DEFAULT, clock).run(env.getStatus());
    }

    Observation converge() {
        Observation o = null;
        for (int i = 0; i < 20 && (o == null || o.state() == Observation.State.PROGRESSING); i++) {
            o = sync();
        }
        return o;
    }

    @Test
    void theQueueWaitsUntilItsComputeEnvironmentsAreValid() {
        batch.settleAfter = 3;
        Observation first = sync();
        assertThat(first.state()).isEqualTo(Observation.State.PROGRESSING);
        assertThat(batch.computeEnvironment("s2-spot-spot").status).isEqualTo("CREATING");
        assertThat(batch.sent(CreateJobQueueRequest.class)).as("AWS refuses a queue on CREATING compute environments").isEmpty();

        Observation done = converge();
        assertThat(done.state()).as(String.valueOf(done)).isEqualTo(Observation.State.READY);
        assertThat(batch.sent(CreateComputeEnvironmentRequest.class)).hasSize(2);
        assertThat(batch.sent(CreateJobQueueRequest.class)).as("the queue, and the On-Demand one for escalations")
                .extracting(CreateJobQueueRequest::jobQueueName).containsExactly("s2-spot", "s2-spot-on-demand");
        assertThat(batch.jobQueue("s2-spot").order).hasSize(2);
        assertThat(batch.jobQueue("s2-spot-on-demand").order).as("only the On-Demand compute environment").hasSize(1);
    }

    @Test
    void theQueuesCancelJobsStuckRunnableForReasonsThatDoNotPassAndFollowTheSpec() {
        assertThat(converge().state()).isEqualTo(Observation.State.READY);
        var created = batch.sent(CreateJobQueueRequest.class).get(0).jobStateTimeLimitActions();
        assertThat(created).extracting(a -> a.reason() + " " + a.stateAsString() + " " + a.maxTimeSeconds() + " " + a.actionAsString())
                .containsExactly("MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE RUNNABLE 1800 CANCEL",
                        "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT RUNNABLE 1800 CANCEL",
                        "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY RUNNABLE 14400 CANCEL");
        ServiceModelGuard.check(batch.sent(CreateJobQueueRequest.class).get(0));
        converge();
        assertThat(batch.sent(UpdateJobQueueRequest.class)).as("nothing to change").isEmpty();

        var timeouts = new io.sen2cor.operator.api.StuckJobTimeoutsSpec();
        timeouts.setCapacity("off");
        timeouts.setMisconfiguration("15m");
        var queue = new io.sen2cor.operator.api.JobQueueSpec();
        queue.setStuckJobTimeouts(timeouts);
        env.getSpec().getAwsBatch().setJobQueue(queue);
        converge();

        assertThat(batch.jobQueue("s2-spot").stuckActions).extracting(a -> a.reason() + " " + a.maxTimeSeconds())
                .containsExactly("MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE 900",
                        "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT 900");
        assertThat(env.getStatus().getJobQueue().getStuckJobCancellation())
                .isEqualTo("MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE after 15 min, "
                        + "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT after 15 min");
        int updates = batch.sent(UpdateJobQueueRequest.class).size();
        converge();
        assertThat(batch.sent(UpdateJobQueueRequest.class)).as("once per change").hasSize(updates);
    }

    @Test
    void aTeardownBlockedByAnInvalidComputeEnvironmentWhoseRoleWasDeletedSaysWhatToFix() {
        assertThat(converge().state()).isEqualTo(Observation.State.READY);
        var spot = batch.computeEnvironment("s2-spot-spot");
        spot.settlesTo = "INVALID";
        spot.statusReason = "CLIENT_ERROR - The service role does not exist";
        spot.serviceRoleDeleted = true;

        List<String> steps = List.of();
        for (int i = 0; i < 20; i++) {
            var inventory = BatchInventory.load(batch);
            var teardown = new BatchTeardown(batch, env, events);
            List<String> now = new java.util.ArrayList<>();
            inventory.ownedJobQueues(env.getMetadata().getUid()).forEach(q -> now.add(teardown.retireJobQueue(q)));
            if (now.isEmpty()) {
                inventory.ownedComputeEnvironments(env.getMetadata().getUid())
                        .forEach(ce -> now.add(teardown.retireComputeEnvironment(ce, inventory, null).message()));
            }
            steps = now;
        }

        assertThat(steps).as("the teardown no longer says only 'deleting' for ever").anySatisfy(step -> assertThat(step)
                .contains("compute environment s2-spot-spot is INVALID (CLIENT_ERROR - The service role does not exist)")
                .contains("recreate its service role"));
    }

    @Test
    void anImageRolloutMovesTheComputeEnvironmentToTheLatestAmiOnceInPlace() {
        assertThat(converge().state()).isEqualTo(Observation.State.READY);
        env.getSpec().getAwsBatch().getComputeEnvironments().get(0).setImageRollout("2026-12-06");

        converge();
        converge();

        var rolls = batch.sent(software.amazon.awssdk.services.batch.model.UpdateComputeEnvironmentRequest.class).stream()
                .filter(u -> u.computeResources() != null && Boolean.TRUE.equals(u.computeResources().updateToLatestImageVersion()))
                .toList();
        assertThat(rolls).singleElement().satisfies(u -> assertThat(u.computeEnvironment()).endsWith("s2-spot-spot"));
        assertThat(env.getStatus().getComputeEnvironments()).filteredOn(c -> c.getName().equals("spot")).singleElement()
                .satisfies(c -> assertThat(c.getImageRollout()).isEqualTo("2026-12-06"));
        assertThat(events.messages(EventReason.ComputeEnvironmentUpdated)).anySatisfy(m -> assertThat(m)
                .isEqualTo("rolling compute environment s2-spot-spot to the latest AMI of its image type (imageRollout 2026-12-06)"));
    }

    @Test
    void anImageRolloutWhereAwsCannotUpdateInPlaceIsAWarningNotAnUpdate() {
        env.getSpec().getAwsBatch().setServiceRole("arn:aws:iam::123456789012:role/custom-batch");
        assertThat(converge().state()).isEqualTo(Observation.State.READY);
        env.getSpec().getAwsBatch().getComputeEnvironments().get(0).setImageRollout("2026-12-06");

        Observation o = converge();

        assertThat(o.warning()).isNotNull();
        assertThat(o.warning().message()).contains("imageRollout 2026-12-06 needs AWS's service-linked role");
        assertThat(batch.sent(software.amazon.awssdk.services.batch.model.UpdateComputeEnvironmentRequest.class))
                .noneMatch(u -> u.computeResources() != null && Boolean.TRUE.equals(u.computeResources().updateToLatestImageVersion()));
    }

    @Test
    void aRenamedQueueDrainsItsJobsBeforeItIsDeleted() {
        assertThat(converge().state()).isEqualTo(Observation.State.READY);
        String old = batch.jobQueue("s2-spot").arn;
        batch.jobsInQueue.put(old, List.of(software.amazon.awssdk.services.batch.model.JobSummary.builder().jobId("j1")
                .jobName("scene").status("RUNNING").build()));
        var queue = new io.sen2cor.operator.api.JobQueueSpec();
        queue.setName("eo-queue");
        env.getSpec().getAwsBatch().setJobQueue(queue);

        Observation renamed = converge();

        assertThat(renamed.state()).as("the new queue serves; the old one only drains").isEqualTo(Observation.State.READY);
        assertThat(renamed.message()).contains("job queue s2-spot drains: it still has RUNNING jobs");
        assertThat(batch.jobQueue("s2-spot").state).as("no new jobs there").isEqualTo("DISABLED");
        assertThat(batch.terminatedByQueueDeletion).as("the running scene is not terminated").isEmpty();
        assertThat(batch.sent(software.amazon.awssdk.services.batch.model.DeleteJobQueueRequest.class))
                .as("AWS would terminate the running scene; the empty On-Demand queue of the old name goes at once")
                .extracting(d -> d.jobQueue()).noneMatch(old::equals).anyMatch(q -> q.endsWith("/s2-spot-on-demand"));

        batch.jobsInQueue.remove(old);
        converge();
        assertThat(batch.sent(software.amazon.awssdk.services.batch.model.DeleteJobQueueRequest.class))
                .extracting(d -> d.jobQueue()).contains(old);
    }

    @Test
    void anInvalidComputeEnvironmentIsDegradedWithAwsReason() {
        sync();
        var spot = batch.computeEnvironment("s2-spot-spot");
        spot.settlesTo = "INVALID";
        spot.statusReason = "CLIENT_ERROR - Not authorized to call ec2:RunInstances";

        Observation o = converge();

        assertThat(o.state()).isEqualTo(Observation.State.DEGRADED);
        assertThat(o.reason()).isEqualTo(ConditionReason.ComputeEnvironmentInvalid);
        assertThat(o.message()).contains("Not authorized to call ec2:RunInstances");
        assertThat(o.reason().isTerminal()).as("needs an account change, not a fast retry").isTrue();
    }

    @Test
    void aLostCreateAnswerNeverCreatesTheComputeEnvironmentTwice() {
        batch.failNext("CreateComputeEnvironment", InMemoryBatch.lostAnswer(), true);
        assertThatThrownBy(this::sync).isInstanceOf(SdkException.class);

        assertThat(converge().state()).isEqualTo(Observation.State.READY);
        assertThat(batch.sent(CreateComputeEnvironmentRequest.class).stream()
                .filter(r -> r.computeEnvironmentName().equals("s2-spot-spot"))).as("found again by name and tags").hasSize(1);
        assertThat(batch.computeEnvironmentNames()).containsExactly("s2-spot-spot", "s2-spot-on-demand-fallback");
    }

    @Test
    void throttlingIsARecoverableFailure() {
        batch.failNext("DescribeComputeEnvironments", InMemoryBatch.throttling(), false);
        SdkException thrown = (SdkException) org.assertj.core.api.Assertions.catchThrowable(this::sync);

        Observation o = AwsFailures.observe(thrown, AwsBatchTiming.DEFAULT.retry(), AwsBatchTiming.DEFAULT.retry(),
                AwsBatchTiming.DEFAULT.progress());
        assertThat(o.reason()).isEqualTo(ConditionReason.AwsUnreachable);
        assertThat(o.reason().isTerminal()).isFalse();
        assertThat(converge().state()).isEqualTo(Observation.State.READY);
    }

    @Test
    void nothingIsRequestedOfAComputeEnvironmentInTransition() {
        converge();
        env.getSpec().getAwsBatch().getComputeEnvironments().get(0).setMaxVcpus(512);
        batch.settleAfter = 5;
        sync();
        assertThat(batch.computeEnvironment("s2-spot-spot").status).isEqualTo("UPDATING");
        long updates = batch.requests.stream().filter(r -> r.getClass().getSimpleName().startsWith("Update")).count();

        Observation waiting = sync();

        assertThat(waiting.state()).isEqualTo(Observation.State.PROGRESSING);
        assertThat(batch.requests.stream().filter(r -> r.getClass().getSimpleName().startsWith("Update")).count())
                .as("no second update while AWS is UPDATING").isEqualTo(updates);
        assertThat(converge().state()).isEqualTo(Observation.State.READY);
        assertThat(batch.computeEnvironment("s2-spot-spot").computeResources.maxvCpus()).isEqualTo(512);
    }

    @Test
    void driftOutsideTheOperatorIsCorrectedExceptDesiredVcpus() {
        converge();
        // someone in the console: disables the queue, lowers maxvCpus; Batch itself scales desiredvCpus
        batch.jobQueue("s2-spot").state = "DISABLED";
        var spot = batch.computeEnvironment("s2-spot-spot");
        spot.computeResources = spot.computeResources.toBuilder().maxvCpus(8).desiredvCpus(64).build();
        batch.requests.clear();

        assertThat(converge().state()).isEqualTo(Observation.State.READY);

        assertThat(batch.jobQueue("s2-spot").state).isEqualTo("ENABLED");
        assertThat(batch.sent(UpdateJobQueueRequest.class)).singleElement()
                .satisfies(u -> assertThat(u.stateAsString()).isEqualTo("ENABLED"));
        assertThat(batch.sent(UpdateComputeEnvironmentRequest.class)).singleElement().satisfies(u -> {
            assertThat(u.computeResources().maxvCpus()).isEqualTo(256);
            assertThat(u.computeResources().desiredvCpus()).as("Batch owns desiredvCpus when the spec is silent").isNull();
        });
    }

    @Test
    void aComputeEnvironmentDeletedOutsideTheOperatorComesBackWhileAwsStillListsItDeleted() {
        converge();
        // the console: take it out of the queue, disable it, delete it; AWS lists it as DELETED for a while
        var queue = batch.jobQueue("s2-spot");
        queue.order = List.of(queue.order.get(1).toBuilder().order(1).build());
        var spot = batch.computeEnvironment("s2-spot-spot");
        spot.state = "DISABLED";
        spot.status = "DELETED";
        batch.deletedListedFor = 100;
        batch.requests.clear();

        Observation o = converge();

        assertThat(o.state()).as(String.valueOf(o)).isEqualTo(Observation.State.READY);
        assertThat(batch.sent(CreateComputeEnvironmentRequest.class)).singleElement()
                .satisfies(c -> assertThat(c.computeEnvironmentName()).isEqualTo("s2-spot-spot"));
        assertThat(batch.computeEnvironment("s2-spot-spot").status).isEqualTo("VALID");
        assertThat(batch.jobQueue("s2-spot").order).extracting(ComputeEnvironmentOrder::computeEnvironment)
                .containsExactly(batch.computeEnvironment("s2-spot-spot").arn,
                        batch.computeEnvironment("s2-spot-on-demand-fallback").arn);
    }

    @Test
    void anInvalidComputeEnvironmentFoundLaterSurfacesAwsStatusReason() {
        converge();
        var fallback = batch.computeEnvironment("s2-spot-on-demand-fallback");
        fallback.status = "INVALID";
        fallback.statusReason = "CLIENT_ERROR - Not authorized to call ec2:RunInstances";

        Observation o = converge();

        assertThat(o.state()).isEqualTo(Observation.State.DEGRADED);
        assertThat(o.reason()).isEqualTo(ConditionReason.ComputeEnvironmentInvalid);
        assertThat(o.message()).isEqualTo("compute environment s2-spot-on-demand-fallback is INVALID: "
                + "CLIENT_ERROR - Not authorized to call ec2:RunInstances");
        assertThat(env.getStatus().getComputeEnvironments().get(1).getStatusReason())
                .isEqualTo("CLIENT_ERROR - Not authorized to call ec2:RunInstances");
    }

    @Test
    void aComputeEnvironmentDisabledInTheConsoleIsEnabledAgainWithAStateOnlyUpdate() {
        converge();
        batch.computeEnvironment("s2-spot-spot").state = "DISABLED";
        batch.requests.clear();

        assertThat(converge().state()).isEqualTo(Observation.State.READY);

        assertThat(batch.computeEnvironment("s2-spot-spot").state).isEqualTo("ENABLED");
        assertThat(batch.sent(UpdateComputeEnvironmentRequest.class)).singleElement().satisfies(u -> {
            assertThat(u.stateAsString()).isEqualTo("ENABLED");
            assertThat(u.computeResources()).as("AWS refuses an empty computeResources").isNull();
        });
    }

    @Test
    void aSpecDesiredVcpusIsSetOnceAndThenLeftToBatchUntilTheSpecChangesIt() {
        var spotSpec = env.getSpec().getAwsBatch().getComputeEnvironments().get(0);
        spotSpec.setDesiredVcpus(16);
        converge();
        var spot = batch.computeEnvironment("s2-spot-spot");
        assertThat(spot.computeResources.desiredvCpus()).isEqualTo(16);

        // demand ended: Batch scaled the compute environment down
        spot.computeResources = spot.computeResources.toBuilder().desiredvCpus(0).build();
        batch.requests.clear();
        assertThat(converge().state()).isEqualTo(Observation.State.READY);
        assertThat(sync().state()).isEqualTo(Observation.State.READY);
        assertThat(batch.sent(UpdateComputeEnvironmentRequest.class)).as("no idle instances launched on a resync").isEmpty();

        spotSpec.setDesiredVcpus(32);
        assertThat(converge().state()).isEqualTo(Observation.State.READY);
        assertThat(batch.sent(UpdateComputeEnvironmentRequest.class)).singleElement()
                .satisfies(u -> assertThat(u.computeResources().desiredvCpus()).isEqualTo(32));
        assertThat(env.getStatus().getComputeEnvironments().get(0).getDesiredVcpus()).isEqualTo(32);
    }

    @Test
    void aRefusedUpdateOfOneComputeEnvironmentDoesNotStopTheRestOfTheSync() {
        converge();
        env.getSpec().getAwsBatch().getComputeEnvironments().get(0).setMaxVcpus(512);
        batch.jobQueue("s2-spot").state = "DISABLED";
        batch.failNext("UpdateComputeEnvironment", InMemoryBatch.refused("maxvCpus exceeds the account's vCPU limit"), false);
        batch.requests.clear();

        Observation o = sync();

        assertThat(o.state()).isEqualTo(Observation.State.DEGRADED);
        assertThat(o.reason()).isEqualTo(ConditionReason.AwsRequestFailed);
        assertThat(o.message()).contains("compute environment s2-spot-spot", "maxvCpus exceeds the account's vCPU limit");
        assertThat(batch.sent(UpdateJobQueueRequest.class)).as("the queue is still re-enabled").singleElement()
                .satisfies(u -> assertThat(u.stateAsString()).isEqualTo("ENABLED"));
        assertThat(env.getStatus().getComputeEnvironments()).hasSize(2);
    }

    @Test
    void aLowerMaxVcpusGoesAsFarAsAwsAllowsAndTheRestOnceBatchHasScaledDown() {
        converge();
        var spot = batch.computeEnvironment("s2-spot-spot");
        // busy: Batch has scaled out to 96 vCPUs for queued scenes
        spot.computeResources = spot.computeResources.toBuilder().desiredvCpus(96).build();
        env.getSpec().getAwsBatch().getComputeEnvironments().get(0).setMaxVcpus(32);
        batch.requests.clear();

        Observation busy = converge();

        assertThat(busy.state()).as("AWS would refuse maxvCpus 32 below desiredvCpus 96: no AwsRequestFailed loop")
                .isEqualTo(Observation.State.READY);
        assertThat(busy.warning()).isNotNull().satisfies(w -> {
            assertThat(w.reason()).isEqualTo(ConditionReason.ScaleDownPending);
            assertThat(w.message()).contains("s2-spot-spot", "maxVcpus stays at 96, not 32", "desiredvCpus (now 96)");
        });
        assertThat(batch.sent(UpdateComputeEnvironmentRequest.class)).singleElement()
                .satisfies(u -> assertThat(u.computeResources().maxvCpus()).isEqualTo(96));

        // the scenes finished: Batch scaled down
        spot.computeResources = spot.computeResources.toBuilder().desiredvCpus(0).build();
        batch.requests.clear();
        Observation idle = converge();

        assertThat(idle.state()).isEqualTo(Observation.State.READY);
        assertThat(idle.warning()).isNull();
        assertThat(spot.computeResources.maxvCpus()).isEqualTo(32);
    }

    @Test
    void aReplacedComputeEnvironmentDrainsItsRunningScenesBeforeItIsDeletedAndTheEnvironmentStaysReady() {
        var old = busySpotComputeEnvironmentToBeReplaced();
        env.getSpec().getAwsBatch().setDrainTimeout("90m");

        Observation swapped = converge();

        assertThat(swapped.state()).as(swapped.message()).isEqualTo(Observation.State.READY);
        assertThat(swapped.message()).contains("compute environment s2-spot-spot drains",
                "AWS Batch still runs 64 vCPUs there", "at the latest at 2026-11-25T13:30:00Z");
        assertThat(batch.jobQueue("s2-spot").order).extracting(o -> o.computeEnvironment())
                .noneMatch(arn -> arn.endsWith("/s2-spot-spot"));
        assertThat(old.state).as("out of the queue and disabled: no new work").isEqualTo("DISABLED");
        assertThat(old.status).isNotIn("DELETING", "DELETED");

        clock.advance(java.time.Duration.ofMinutes(30));
        assertThat(sync().message()).contains("s2-spot-spot drains");
        assertThat(old.status).as("still within the 90 min from the first sync").isNotIn("DELETING", "DELETED");

        // its scenes finished: Batch scaled it down
        old.computeResources = old.computeResources.toBuilder().desiredvCpus(0).build();
        Observation done = converge();
        assertThat(done.state()).isEqualTo(Observation.State.READY);
        assertThat(batch.computeEnvironment("s2-spot-spot").status).isEqualTo("DELETED");
    }

    @Test
    void aDrainEndsAtTheDrainTimeoutWithAWarningEvent() {
        busySpotComputeEnvironmentToBeReplaced();
        converge();

        clock.advance(java.time.Duration.ofMinutes(121));
        converge();

        assertThat(batch.computeEnvironment("s2-spot-spot").status).isEqualTo("DELETED");
        assertThat(events.reasons()).contains(io.sen2cor.operator.status.EventReason.DrainTimedOut);
    }

    /** The Spot compute environment runs scenes (Batch holds 64 vCPUs) when the spec turns it BEST_FIT: replaced. */
    InMemoryBatch.Resource busySpotComputeEnvironmentToBeReplaced() {
        converge();
        var old = batch.computeEnvironment("s2-spot-spot");
        old.computeResources = old.computeResources.toBuilder().desiredvCpus(64).build();
        var spotSpec = env.getSpec().getAwsBatch().getComputeEnvironments().get(0);
        spotSpec.setAllocationStrategy(io.sen2cor.operator.api.AllocationStrategy.BEST_FIT);
        spotSpec.setSpotFleetRole("arn:aws:iam::123456789012:role/service-role/sen2cor-spot-fleet");
        return old;
    }
}
