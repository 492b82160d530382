package io.sen2cor.operator.lifecycle;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Condition;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.FailedScene;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.work.JobScenes;

/**
 * The decide step of the lifecycle (docs/architecture.md, "The job lifecycle"): from the spec, the status and the
 * backend's {@link JobSnapshot}, what to do next. Pure: no backend, no clock, no status written; tested without any
 * server ({@code JobDecisionsTest}).
 */
final class JobDecisions {

    static final String INITIAL = "Initial";
    static final String RETRY_FAILED = "RetryFailed";
    static final String RESUME = "Resume";
    static final String SPOT_ESCALATION = "SpotEscalation";

    private JobDecisions() {
    }

    /**
     * Before looking at the backend: a selection to make, a round to open or to go on submitting, or a settled job.
     *
     * @param last          the last round, null before the first
     * @param lastSubmitted whether the backend has all of the last round's work
     */
    static Decision beforeObserving(Sen2CorJob job, Sen2CorJobStatus status, SceneRound last, boolean lastSubmitted) {
        if (last == null && job.getSpec().getScenes() != null) {
            if (status.getSelection() == null) {
                Optional<Condition> ready = Conditions.find(status.getConditions(), ConditionType.READY);
                if (status.getPhase() == JobPhase.Failed && ready.isPresent()
                        && ConditionReason.SelectionRefused.name().equals(ready.get().getReason())) {
                    // refused for good (spec.scenes cannot change): say it again, search no more
                    return new Decision.Report(Observation.degraded(ConditionReason.SelectionRefused, ready.get().getMessage(), null));
                }
                return new Decision.Select();
            }
            if (status.getSelection().getSelected() == 0) {
                // its selection's own words each time: "0/0 scenes succeeded" would hide why nothing ran
                return new Decision.Report(SceneSelections.described(job.getSpec().getScenes(), status.getSelection()));
            }
        }
        if (last == null || !lastSubmitted) {
            if (suspended(job)) {
                return new Decision.HoldSuspended();
            }
            return last == null ? new Decision.FirstRound()
                    : new Decision.ContinueRound(last.getRound() == 0 ? JobScenes.of(job) : List.of());
        }
        // finished work never changes on its own: observing it again could count its scenes as pending (backends
        // stop watching finished work) and flip the phase back to Running
        return JobProgress.settled(job, status) ? new Decision.Settled() : new Decision.Observe();
    }

    /** While scenes of the last round wait or run: suspend, stay suspended, resume, or keep running. */
    static Decision whileActive(Sen2CorJob job, Sen2CorJobStatus status) {
        Optional<Condition> ready = Conditions.find(status.getConditions(), ConditionType.READY);
        boolean wasSuspended = ready.map(c -> ConditionReason.Suspended.name().equals(c.getReason())).orElse(false);
        if (suspended(job)) {
            return wasSuspended ? new Decision.StaySuspended(ready.get().getMessage()) : new Decision.Suspend();
        }
        return wasSuspended ? new Decision.Resume() : new Decision.KeepRunning();
    }

    /**
     * Once everything of the last round has ended: run cancelled scenes again (not suspended), count Spot
     * interruptions once per round, retry failed scenes on request, or finish.
     */
    static Decision afterRound(Sen2CorJob job, Sen2CorJobStatus status, SceneRound last, JobSnapshot seen) {
        List<FailedScene> failed = seen.failed();
        List<FailedScene> cancelled = seen.cancelled();
        if (!suspended(job) && !cancelled.isEmpty()) {
            return new Decision.StartRound(RESUME, null, products(cancelled), failed.size() - cancelled.size(), false);
        }
        Integer threshold = job.getSpec().getRetry().getOnDemandAfterSpotInterruptions();
        if (threshold != null && !failed.isEmpty() && !SceneRound.ON_DEMAND.equals(last.getCapacity())
                && !Boolean.TRUE.equals(last.getInterruptionsCounted())) {
            return new Decision.CountInterruptions(threshold);
        }
        if (!failed.isEmpty() && JobProgress.retryRequested(job, status)) {
            return new Decision.RetryFailed();
        }
        return new Decision.Finish(JobProgress.phase(seen.counts(), !cancelled.isEmpty()));
    }

    /**
     * What the last round's Spot failures call for: those interrupted at least {@code threshold} times, with their
     * last attempt interrupted too, run again on On-Demand capacity; the job's other failures stay failed (carried).
     *
     * @param failed  every failure of the job, described (attempts and interruptions known)
     * @param ranLast the scenes the last round ran
     */
    static Escalation escalation(List<FailedScene> failed, Set<String> ranLast, int threshold) {
        List<FailedScene> lastRound = failed.stream().filter(f -> ranLast.contains(f.product())).toList();
        int interruptions = lastRound.stream().mapToInt(f -> f.spotInterruptions() == null ? 0 : f.spotInterruptions()).sum();
        List<FailedScene> escalating = lastRound.stream().filter(f -> f.escalates(threshold)).toList();
        return new Escalation(interruptions, products(escalating), failed.size() - escalating.size());
    }

    /**
     * @param interruptions the Spot interruptions of the last round's failed scenes, to add to status.spot
     * @param onDemand      the scenes to run again on On-Demand capacity; empty when none
     * @param carriedFailed the job's failures the On-Demand round does not run
     */
    record Escalation(int interruptions, List<String> onDemand, int carriedFailed) {
    }

    /** The observation of a finished job: Ready, with a warning that says how to run failed scenes again, if any. */
    static Observation finished(JobPhase phase, SceneCounts c) {
        Observation done = Observation.ready(phase + ": " + c.getSucceeded() + "/" + c.getTotal() + " scenes succeeded");
        if (c.getFailed() == 0) {
            return done;
        }
        return done.warn(ConditionReason.CompletedWithFailures, phase == JobPhase.Cancelled
                ? c.getFailed() + " scene(s) cancelled; set spec.suspend to false to run them"
                : c.getFailed() + " scene(s) failed; raise spec.retryGeneration to run the " + c.getFailed()
                        + " failed scene(s) again");
    }

    static List<String> products(List<FailedScene> scenes) {
        return scenes.stream().map(FailedScene::product).toList();
    }

    private static boolean suspended(Sen2CorJob job) {
        return Boolean.TRUE.equals(job.getSpec().getSuspend());
    }
}
