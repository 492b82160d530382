package io.sen2cor.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.backend.RoundCounts;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.testing.InMemoryJobBackend;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.RecordingEvents;
import io.sen2cor.operator.testing.SceneState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decision tests of the one Sen2CorJob lifecycle on the in-memory backend: no AWS, no cluster, milliseconds. The
 * AWS Batch and Kubernetes adapters are tested against moto and the API server; this is what both inherit.
 */
class JobLifecycleTest {

    final RecordingEvents events = new RecordingEvents();
    final InMemoryJobBackend backend = new InMemoryJobBackend();
    final JobLifecycle lifecycle = new JobLifecycle(events, Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
            SceneSelections.overStac(Clock.systemUTC()));
    final BatchEnvironment env = LocalOperator.example("batchenvironment-spot.yaml", BatchEnvironment.class);
    Sen2CorJob job;

    @BeforeEach
    void setUp() {
        job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getMetadata().setNamespace("eo");
        job.getMetadata().setUid(UUID.randomUUID().toString());
        job.getSpec().setProducts(IntStream.range(0, 4).mapToObj(i -> String.format(
                "S2A_MSIL1C_20190122T07522%d_N0207_R135_T36NXF_20190122T091707", i)).toList());
        job.setStatus(new Sen2CorJobStatus());
    }

    Observation step() {
        return step(lifecycle, backend, job, env);
    }

    /** One reconcile of {@code job}, its Ready condition written from the observation as the reconciler does. */
    static Observation step(JobLifecycle lifecycle, InMemoryJobBackend backend, Sen2CorJob job, BatchEnvironment env) {
        Observation o = lifecycle.reconcile(backend, job, env, job.getStatus());
        // the reconciler writes Ready from the observation; the lifecycle reads it back (suspend is a transition)
        job.getStatus().setConditions(Conditions.set(job.getStatus().getConditions(), ConditionType.READY,
                o.state() != Observation.State.DEGRADED, o.reason().name(), o.message(), 1L, Instant.EPOCH));
        return o;
    }

    SceneRound round(int i) {
        return job.getStatus().getRounds().get(i);
    }

    String product(int i) {
        return job.getSpec().getProducts().get(i);
    }

    @Test
    void submitsOneChunkPerStepThenRunsAndSucceedsWithOneEventAndAReport() {
        backend.chunksPerRound = 2;
        assertThat(step().state()).isEqualTo(Observation.State.PROGRESSING);
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Submitting);
        assertThat(round(0).getJobIds()).hasSize(1);
        step();
        assertThat(round(0).getJobIds()).hasSize(2);
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Running);
        assertThat(job.getStatus().getStartTime()).isEqualTo("2026-11-25T12:00:00Z");

        Observation running = step();
        assertThat(running.reason()).isEqualTo(ConditionReason.Ready);
        assertThat(running.message()).isEqualTo("running: 0 succeeded, 0 running, 4 pending, 0 failed of 4");

        backend.set(round(0), SceneState.SUCCEEDED, null);
        Observation done = step();
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(job.getStatus().getProgress()).isEqualTo("4/4");
        assertThat(done.reason()).isEqualTo(ConditionReason.Ready);
        step();
        step();
        assertThat(events.messages(EventReason.Completed)).containsExactly("Succeeded: 4 of 4 scenes succeeded");
        assertThat(events.messages(EventReason.JobSubmitted)).hasSize(2);
        assertThat(backend.report).isEqualTo("{\"sen2corJob\":\"eo/kenya-jan-2019\",\"phase\":\"Succeeded\",\"total\":4,"
                + "\"succeeded\":4,\"failed\":[]}\n");
        assertThat(backend.count("release")).isEqualTo(1);
        assertThat(backend.count("refresh")).as("a settled job costs the backend nothing").isEqualTo(2);
    }

    @Test
    void retryOfFailedScenesIsANewRoundWithOnlyThoseScenesAndSucceededScenesAddUp() {
        step();
        backend.set(round(0), SceneState.SUCCEEDED, null, product(0), product(1));
        backend.set(round(0), SceneState.FAILED, "exit code 3 (Error): \"bad\" product", product(2), product(3));
        Observation partial = step();
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.PartiallySucceeded);
        assertThat(partial.reason()).as("Ready means ready").isEqualTo(ConditionReason.Ready);
        assertThat(partial.warning().reason()).isEqualTo(ConditionReason.CompletedWithFailures);
        assertThat(partial.warning().message())
                .isEqualTo("2 scene(s) failed; raise spec.retryGeneration to run the 2 failed scene(s) again");
        assertThat(job.getStatus().getFailures()).extracting(f -> f.getProduct()).containsExactly(product(2), product(3));
        assertThat(backend.report).contains("\"reason\":\"exit code 3 (Error): \\\"bad\\\" product\"");

        job.getSpec().setRetryGeneration(1);
        step();
        assertThat(round(1).getCause()).isEqualTo("RetryFailed");
        assertThat(round(1).getScenes()).isEqualTo(2);
        assertThat(job.getStatus().getCompletionTime()).isNull();
        assertThat(job.getStatus().getFailures()).isNull();
        assertThat(events.messages(EventReason.JobSubmitted)).last().asString().endsWith(", round 1 (RetryFailed)");

        backend.set(round(1), SceneState.SUCCEEDED, null);
        step();
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(job.getStatus().getScenes().getSucceeded()).isEqualTo(4);
        assertThat(job.getStatus().getScenes().getFailed()).isZero();
    }

    @Test
    void aRetryTheEnvironmentNoLongerAdmitsSubmitsNothingAndRunsOnceItDoes() {
        step();
        backend.set(round(0), SceneState.SUCCEEDED, null, product(0), product(1));
        backend.set(round(0), SceneState.FAILED, "exit code 75 (Error): throttled", product(2), product(3));
        step();
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.PartiallySucceeded);

        // the platform team narrowed allowedOutputs after round 0: a retry is a new submission and is judged again
        Observation refusal = Observation.degraded(ConditionReason.OutputNotAllowed, "output is not allowed any more", null);
        job.getSpec().setRetryGeneration(1);
        Observation refused = lifecycle.reconcile(backend, job, env, job.getStatus(), () -> Optional.of(refusal));
        assertThat(refused.reason()).isEqualTo(ConditionReason.OutputNotAllowed);
        assertThat(job.getStatus().getRounds()).as("no round was started").hasSize(1);
        assertThat(backend.count("submit")).isEqualTo(1);
        assertThat(job.getStatus().getRetriedGeneration()).as("the request stays pending").isNull();

        Observation admitted = lifecycle.reconcile(backend, job, env, job.getStatus(), Optional::empty);
        assertThat(admitted.state()).isNotEqualTo(Observation.State.DEGRADED);
        assertThat(round(1).getCause()).isEqualTo("RetryFailed");
        assertThat(round(1).getScenes()).isEqualTo(2);
    }

    @Test
    void roundsWrittenByTheEarlierVersionUnderStatusBatchAreReadAndMovedToStatusRounds() {
        step();
        backend.set(round(0), SceneState.SUCCEEDED, null);
        // the previous version kept the same rounds under status.batch.rounds (or status.kubernetes.rounds)
        var batch = new io.sen2cor.operator.api.BatchJobsStatus();
        batch.setRounds(job.getStatus().getRounds());
        job.getStatus().setBatch(batch);
        job.getStatus().setRounds(null);
        assertThat(io.sen2cor.operator.status.JobRounds.any(job.getStatus())).isTrue();

        step();

        assertThat(job.getStatus().getPhase()).as("observed, not submitted again").isEqualTo(JobPhase.Succeeded);
        assertThat(job.getStatus().getRounds()).hasSize(1);
        assertThat(job.getStatus().getBatch().getRounds()).as("moved, not copied").isNull();
        assertThat(backend.count("submit")).isEqualTo(1);
    }

    @Test
    void aRefusedAdmissionStillFollowsRunningScenes() {
        step();
        backend.set(round(0), SceneState.RUNNING, null, product(0));
        Observation refusal = Observation.degraded(ConditionReason.ImageNotAllowed, "image is not allowed any more", null);
        Observation running = lifecycle.reconcile(backend, job, env, job.getStatus(), () -> Optional.of(refusal));
        assertThat(running.reason()).as("nothing new was to be sent, so the refusal does not show").isEqualTo(ConditionReason.Ready);
        assertThat(job.getStatus().getScenes().getRunning()).isEqualTo(1);
    }

    @Test
    void suspendCancelsOnceAndResumeRunsOnlyTheCancelledScenes() {
        step();
        backend.set(round(0), SceneState.RUNNING, null, product(0));
        step();
        job.getSpec().setSuspend(true);
        assertThat(step().reason()).isEqualTo(ConditionReason.Suspended);
        assertThat(step().reason()).isEqualTo(ConditionReason.Suspended);
        assertThat(backend.count("suspend")).as("cancelled once, not on every reconcile").isEqualTo(1);
        assertThat(events.reasons()).containsOnlyOnce(EventReason.JobsCancelled);

        backend.set(round(0), SceneState.SUCCEEDED, null, product(0));
        step();
        assertThat(job.getStatus().getPhase()).as("suspended with cancelled scenes").isEqualTo(JobPhase.Cancelled);

        job.getSpec().setSuspend(false);
        step();
        assertThat(round(1).getCause()).isEqualTo("Resume");
        assertThat(round(1).getScenes()).isEqualTo(3);
    }

    @Test
    void suspendedBeforeTheFirstRoundSubmitsNothing() {
        job.getSpec().setSuspend(true);
        Observation o = step();
        assertThat(o.reason()).isEqualTo(ConditionReason.Suspended);
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Pending);
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void stuckScenesSurfaceAsScenesNotStartingWhileThePhaseStaysRunning() {
        step();
        backend.stuckMessage = "4 scene(s) have not started for more than 30 min; usually no capacity";
        Observation o = step();
        assertThat(o.reason()).as("Ready means ready").isEqualTo(ConditionReason.Ready);
        assertThat(o.warning().reason()).isEqualTo(ConditionReason.ScenesNotStarting);
        assertThat(o.warning().message()).isEqualTo(backend.stuckMessage);
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Running);
    }

    @Test
    void aSubmissionWhoseAnswerWasLostIsFoundNotSubmittedTwice() {
        backend.failNextSubmit = new IllegalStateException("connection reset");
        backend.failedSubmitCreatesWork = true;
        assertThatThrownBy(this::step).hasMessage("connection reset");
        assertThat(round(0).getJobIds()).isEmpty();

        step();
        assertThat(round(0).getJobIds()).hasSize(1);
        assertThat(backend.work).hasSize(1);
        assertThat(events.messages(EventReason.JobSubmitted)).as("found, not submitted again: no second Event").isEmpty();
    }

    @Test
    void aBackendFailureItCanExplainBecomesItsObservation() {
        InMemoryJobBackend explaining = new InMemoryJobBackend() {
            @Override
            public Optional<Observation> explain(Sen2CorJob job, RuntimeException e) {
                return Optional.of(Observation.degraded(ConditionReason.AwsUnreachable, e.getMessage(), null));
            }
        };
        explaining.failNextSubmit = new IllegalStateException("throttled");
        Observation o = lifecycle.reconcile(explaining, job, env, job.getStatus());
        assertThat(o.reason()).isEqualTo(ConditionReason.AwsUnreachable);
        assertThat(o.message()).isEqualTo("throttled");
    }

    @Test
    void rollUpAddsSucceededScenesOverRoundsAndTakesTheRestFromTheLastRound() {
        var counts = JobProgress.rollUp(10, List.of(new RoundCounts(0, 0, 7, 3),
                new RoundCounts(1, 1, 1, 0)));
        assertThat(List.of(counts.getSucceeded(), counts.getPending(), counts.getRunning(), counts.getFailed()))
                .containsExactly(8, 1, 1, 0);
        assertThat(JobProgress.progress(counts)).isEqualTo("8/10");
    }

    @Test
    void aResumeKeepsTheFailuresOfTheSuspendedRoundThatItDoesNotRunAgain() {
        step();
        backend.set(round(0), SceneState.RUNNING, null, product(0), product(1));
        step();
        job.getSpec().setSuspend(true);
        step();
        backend.set(round(0), SceneState.SUCCEEDED, null, product(0));
        backend.set(round(0), SceneState.FAILED, "exit code 4 (Error): Sen2Cor failed", product(1));
        step();
        job.getSpec().setSuspend(false);
        step();
        assertThat(round(1).getScenes()).as("the two cancelled scenes").isEqualTo(2);
        assertThat(round(1).getCarriedFailed()).isEqualTo(1);

        backend.set(round(1), SceneState.SUCCEEDED, null);
        step();

        assertThat(job.getStatus().getScenes().getFailed()).as("the scene that failed before the suspend").isEqualTo(1);
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.PartiallySucceeded);
        assertThat(job.getStatus().getProgress()).isEqualTo("4/4");
        assertThat(job.getStatus().getFailures()).extracting(f -> f.getProduct()).containsExactly(product(1));
        assertThat(backend.report).contains(product(1));
    }

    /** Scenes 0 and 1 reclaimed on Spot (twice, the second time at the end), scene 2 exits 4 after one reclaim. */
    void aRoundWithSpotInterruptions() {
        job.getSpec().getRetry().setOnDemandAfterSpotInterruptions(2);
        step();
        backend.set(round(0), SceneState.SUCCEEDED, null, product(3));
        backend.set(round(0), SceneState.FAILED, "Host EC2 (instance i-0d2a7a6b0e3c1f456) terminated.", product(0), product(1));
        backend.set(round(0), SceneState.FAILED, "exit code 4 (Error): Sen2Cor failed", product(2));
        backend.work.values().forEach(scenes -> scenes.forEach(sc -> {
            if (sc.product.equals(product(0)) || sc.product.equals(product(1))) {
                sc.interruptions = 2;
                sc.endedByInterruption = true;
            } else if (sc.product.equals(product(2))) {
                sc.interruptions = 1;
            }
        }));
    }

    @Test
    void scenesInterruptedOnSpotOftenEnoughRunAgainOnOnDemandAndTheOtherFailureStays() {
        aRoundWithSpotInterruptions();

        step();

        assertThat(round(1).getCause()).isEqualTo("SpotEscalation");
        assertThat(round(1).getCapacity()).isEqualTo(SceneRound.ON_DEMAND);
        assertThat(round(1).getScenes()).isEqualTo(2);
        assertThat(round(1).getCarriedFailed()).as("scene 2 failed on its own").isEqualTo(1);
        assertThat(backend.calls).contains("submit " + "eo/kenya-jan-2019" + " round 1 chunk 0 OnDemand");
        assertThat(job.getStatus().getSpot().getInterruptions()).isEqualTo(5);
        assertThat(job.getStatus().getSpot().getEscalated()).isEqualTo(2);
        assertThat(events.messages(EventReason.SpotEscalation))
                .containsExactly("2 scene(s) interrupted on Spot 2 time(s) or more run again on On-Demand capacity");

        step();
        assertThat(job.getStatus().getScenes().getFailed()).as("scene 2, carried").isEqualTo(1);
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Running);
        backend.set(round(1), SceneState.SUCCEEDED, null);
        step();

        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.PartiallySucceeded);
        assertThat(job.getStatus().getScenes().getSucceeded()).isEqualTo(3);
        assertThat(job.getStatus().getFailures()).extracting(f -> f.getProduct()).containsExactly(product(2));
        assertThat(job.getStatus().getRounds()).hasSize(2);
        assertThat(round(0).getInterruptionsCounted()).as("the Spot round's interruptions are counted once").isTrue();
        assertThat(job.getStatus().getSpot().getInterruptions()).isEqualTo(5);

        job.getSpec().setRetryGeneration(1);
        step();
        assertThat(round(2).getCause()).isEqualTo("RetryFailed");
        assertThat(round(2).getCapacity()).as("a retry runs where the job usually runs").isNull();
        assertThat(round(2).getScenes()).isEqualTo(1);
    }

    @Test
    void withoutOnDemandCapacityTheInterruptedScenesStayFailedWithAWarning() {
        backend.noOnDemand = "BatchEnvironment s2-spot has no On-Demand job queue";
        aRoundWithSpotInterruptions();

        step();

        assertThat(job.getStatus().getRounds()).hasSize(1);
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.PartiallySucceeded);
        assertThat(job.getStatus().getScenes().getFailed()).isEqualTo(3);
        assertThat(job.getStatus().getSpot().getEscalated()).isZero();
        assertThat(events.messages(EventReason.SpotEscalationUnavailable)).containsExactly("2 scene(s) were interrupted "
                + "on Spot 2 time(s) or more and stay failed: BatchEnvironment s2-spot has no On-Demand job queue");
        step();
        assertThat(events.messages(EventReason.SpotEscalationUnavailable)).as("said once").hasSize(1);
    }

    @Test
    void throughputAndEtaFollowTheFinishedScenesAndTheFinishedJobGetsItsVcpuHours() {
        Sen2CorJobStatus status = job.getStatus();
        status.setStartTime("2026-11-25T10:00:00Z");
        var counts = JobProgress.rollUp(100, List.of(new RoundCounts(60, 15, 20, 5)));

        JobProgress.record(status, counts, "2026-11-25T12:00:00Z");

        assertThat(status.getUsage().getScenesPerHour()).as("25 scenes in 2 hours").isEqualTo(12.5);
        assertThat(status.getUsage().getEta()).as("75 more at 12.5 an hour").isEqualTo("2026-11-25T18:00:00Z");
        JobProgress.record(status, counts, "2026-11-25T12:30:00Z");
        assertThat(status.getUsage().getEta()).as("nothing moved: nothing rewritten").isEqualTo("2026-11-25T18:00:00Z");

        JobProgress.record(status, JobProgress.rollUp(100, List.of(new RoundCounts(0, 0, 95, 5))), "2026-11-25T16:00:00Z");
        assertThat(status.getUsage().getScenesPerHour()).isEqualTo(16.7);
        assertThat(status.getUsage().getEta()).as("none once every scene finished").isNull();

        JobProgress.used(status, new io.sen2cor.operator.work.Usage(java.util.Map.of("Spot", 7200.0, "OnDemand", 3600.0)));
        assertThat(status.getUsage().getVcpuHours()).isEqualTo(3.0);
        assertThat(status.getUsage().getVcpuHoursByCapacity()).containsExactly(java.util.Map.entry("OnDemand", 1.0),
                java.util.Map.entry("Spot", 2.0));
    }

    @Test
    void theBackendsUsageIsWrittenWhenTheJobFinishes() {
        backend.usage = new io.sen2cor.operator.work.Usage(java.util.Map.of("SpotOrOnDemand", 1800.0));
        step();
        backend.set(round(0), SceneState.SUCCEEDED, null);
        step();

        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(job.getStatus().getUsage().getVcpuHours()).isEqualTo(0.5);
        assertThat(job.getStatus().getUsage().getEta()).isNull();
    }
}
