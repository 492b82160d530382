package io.sen2cor.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.SceneSelectionStatus;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.FailedScene;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.LocalOperator;

/**
 * The decide step alone: spec + status + snapshot in, a {@link Decision} out. No backend, no clock; what the
 * decisions lead to on a backend is {@code JobLifecycleTest}'s.
 */
class JobDecisionsTest {

    Sen2CorJob job;
    Sen2CorJobStatus status;

    @BeforeEach
    void setUp() {
        job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        status = new Sen2CorJobStatus();
        job.setStatus(status);
    }

    @Test
    void aJobWithoutRoundsOpensTheFirstUnlessSuspended() {
        assertThat(JobDecisions.beforeObserving(job, status, null, false)).isInstanceOf(Decision.FirstRound.class);
        job.getSpec().setSuspend(true);
        assertThat(JobDecisions.beforeObserving(job, status, null, false)).isInstanceOf(Decision.HoldSuspended.class);
    }

    @Test
    void aRoundNotAllOutGoesOnWithItsScenesOnlyForRoundZero() {
        SceneRound first = round(0, null);
        assertThat(JobDecisions.beforeObserving(job, status, first, false))
                .isEqualTo(new Decision.ContinueRound(job.getSpec().getProducts()));
        assertThat(JobDecisions.beforeObserving(job, status, round(1, null), false))
                .as("a later round's scenes are stored by the backend").isEqualTo(new Decision.ContinueRound(List.of()));
        job.getSpec().setSuspend(true);
        assertThat(JobDecisions.beforeObserving(job, status, first, false)).isInstanceOf(Decision.HoldSuspended.class);
    }

    @Test
    void aSubmittedRoundIsObservedUntilTheJobHasSettled() {
        SceneRound first = round(0, null);
        assertThat(JobDecisions.beforeObserving(job, status, first, true)).isInstanceOf(Decision.Observe.class);
        status.setPhase(JobPhase.PartiallySucceeded);
        status.setCompletionTime("2026-12-06T10:00:00Z");
        status.setScenes(counts(0, 0, 1, 1));
        assertThat(JobDecisions.beforeObserving(job, status, first, true)).isInstanceOf(Decision.Settled.class);
        job.getSpec().setRetryGeneration(1);
        assertThat(JobDecisions.beforeObserving(job, status, first, true))
                .as("a retry of failed scenes unsettles it").isInstanceOf(Decision.Observe.class);
    }

    @Test
    void aSceneSelectionIsMadeOnceAndARefusalIsRepeatedWithoutSearching() {
        job.getSpec().setProducts(null);
        job.getSpec().setScenes(new io.sen2cor.operator.api.SceneSelector());
        assertThat(JobDecisions.beforeObserving(job, status, null, false)).isInstanceOf(Decision.Select.class);

        status.setPhase(JobPhase.Failed);
        status.setConditions(Conditions.set(null, ConditionType.READY, false, ConditionReason.SelectionRefused.name(),
                "more than 10000 scenes", 1L, Instant.EPOCH));
        Decision refused = JobDecisions.beforeObserving(job, status, null, false);
        assertThat(refused).isInstanceOf(Decision.Report.class);
        assertThat(((Decision.Report) refused).observation().reason()).isEqualTo(ConditionReason.SelectionRefused);
        assertThat(((Decision.Report) refused).observation().message()).isEqualTo("more than 10000 scenes");

        // every scene already done: each later reconcile says so again in the selection's words (a second reconcile
        // once wrote "Succeeded: 0/0 scenes succeeded" over it, seen on the real node)
        SceneSelectionStatus none = new SceneSelectionStatus();
        none.setMatched(1);
        none.setDuplicates(0);
        none.setSkipped(1);
        none.setSelected(0);
        status.setSelection(none);
        status.setScenes(counts(0, 0, 0, 0));
        Decision empty = JobDecisions.beforeObserving(job, status, null, false);
        assertThat(((Decision.Report) empty).observation().state()).isEqualTo(Observation.State.READY);
        assertThat(((Decision.Report) empty).observation().message()).isEqualTo("nothing left to process: selected 0 "
                + "scenes (1 items matched, 0 duplicates, 0 without an L1C product id, 1 already SUCCEEDED)");
        none.setSkipped(null);
        assertThat(((Decision.Report) JobDecisions.beforeObserving(job, status, null, false)).observation().message())
                .startsWith("the search matched no scene: selected 0 scenes (1 items matched");
    }

    @Test
    void whileScenesRunSuspendIsATransitionReadFromTheReadyCondition() {
        assertThat(JobDecisions.whileActive(job, status)).isInstanceOf(Decision.KeepRunning.class);
        job.getSpec().setSuspend(true);
        assertThat(JobDecisions.whileActive(job, status)).isInstanceOf(Decision.Suspend.class);
        status.setConditions(Conditions.set(null, ConditionType.READY, true, ConditionReason.Suspended.name(),
                "2 queued scenes cancelled", 1L, Instant.EPOCH));
        assertThat(JobDecisions.whileActive(job, status)).isEqualTo(new Decision.StaySuspended("2 queued scenes cancelled"));
        job.getSpec().setSuspend(false);
        assertThat(JobDecisions.whileActive(job, status)).isInstanceOf(Decision.Resume.class);
    }

    @Test
    void anEndedRoundRunsCancelledScenesAgainUnlessSuspendedAndCarriesTheOtherFailures() {
        JobSnapshot seen = snapshot(counts(0, 0, 1, 3), failed("a", false), cancelled("b"), cancelled("c"));
        assertThat(JobDecisions.afterRound(job, status, round(0, null), seen))
                .isEqualTo(new Decision.StartRound(JobDecisions.RESUME, null, List.of("b", "c"), 1, false));
        job.getSpec().setSuspend(true);
        assertThat(JobDecisions.afterRound(job, status, round(0, null), seen))
                .isEqualTo(new Decision.Finish(JobPhase.Cancelled));
    }

    @Test
    void anEndedRoundFinishesWithThePhaseItsCountsGiveAndRetriesOnlyWhenAsked() {
        assertThat(JobDecisions.afterRound(job, status, round(0, null), snapshot(counts(0, 0, 4, 0))))
                .isEqualTo(new Decision.Finish(JobPhase.Succeeded));
        JobSnapshot partly = snapshot(counts(0, 0, 3, 1), failed("a", false));
        assertThat(JobDecisions.afterRound(job, status, round(0, null), partly))
                .isEqualTo(new Decision.Finish(JobPhase.PartiallySucceeded));
        assertThat(JobDecisions.afterRound(job, status, round(0, null), snapshot(counts(0, 0, 0, 1), failed("a", false))))
                .isEqualTo(new Decision.Finish(JobPhase.Failed));
        job.getSpec().setRetryGeneration(1);
        assertThat(JobDecisions.afterRound(job, status, round(0, null), partly)).isInstanceOf(Decision.RetryFailed.class);
        assertThat(JobDecisions.afterRound(job, status, round(0, null), snapshot(counts(0, 0, 4, 0))))
                .as("nothing to retry").isEqualTo(new Decision.Finish(JobPhase.Succeeded));
    }

    @Test
    void spotInterruptionsAreCountedOncePerRoundAndNeverForAnOnDemandRound() {
        job.getSpec().getRetry().setOnDemandAfterSpotInterruptions(2);
        JobSnapshot seen = snapshot(counts(0, 0, 3, 1), failed("a", true));
        SceneRound spot = round(0, null);
        assertThat(JobDecisions.afterRound(job, status, spot, seen)).isEqualTo(new Decision.CountInterruptions(2));
        spot.setInterruptionsCounted(true);
        assertThat(JobDecisions.afterRound(job, status, spot, seen)).isEqualTo(new Decision.Finish(JobPhase.PartiallySucceeded));
        assertThat(JobDecisions.afterRound(job, status, round(1, SceneRound.ON_DEMAND), seen))
                .isEqualTo(new Decision.Finish(JobPhase.PartiallySucceeded));
    }

    @Test
    void escalationTakesTheLastRoundsScenesInterruptedOftenEnoughWhoseLastAttemptSpotEnded() {
        List<FailedScene> failed = List.of(
                failed("often", true).withInterruptions(3, true),
                failed("lastAttemptFailedOnItsOwn", true).withInterruptions(3, false),
                failed("once", true).withInterruptions(1, true),
                failed("earlierRound", true).withInterruptions(5, true));
        JobDecisions.Escalation e = JobDecisions.escalation(failed, Set.of("often", "lastAttemptFailedOnItsOwn", "once"), 2);
        assertThat(e.onDemand()).containsExactly("often");
        assertThat(e.interruptions()).as("the last round's interruptions only").isEqualTo(7);
        assertThat(e.carriedFailed()).isEqualTo(3);
    }

    private static SceneRound round(int index, String capacity) {
        SceneRound round = new SceneRound();
        round.setRound(index);
        round.setCapacity(capacity);
        return round;
    }

    private static SceneCounts counts(int pending, int running, int succeeded, int failed) {
        SceneCounts c = new SceneCounts();
        c.setPending(pending);
        c.setRunning(running);
        c.setSucceeded(succeeded);
        c.setFailed(failed);
        c.setTotal(pending + running + succeeded + failed);
        return c;
    }

    private static JobSnapshot snapshot(SceneCounts counts, FailedScene... failed) {
        return new JobSnapshot(null, counts, List.of(failed), false);
    }

    private static FailedScene failed(String product, boolean spot) {
        return new FailedScene(product, spot ? "Host EC2 (instance i-0) terminated." : "exit code 3", product + "-job",
                false, 1, null);
    }

    private static FailedScene cancelled(String product) {
        return new FailedScene(product, "cancelled by suspend", product + "-job", true, 1, null);
    }
}
