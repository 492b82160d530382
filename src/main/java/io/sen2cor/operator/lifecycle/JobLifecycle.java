package io.sen2cor.operator.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.Condition;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.SceneFailure;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.api.SpotStatus;
import io.sen2cor.operator.backend.JobRounds;
import io.sen2cor.operator.backend.FailedScene;
import io.sen2cor.operator.backend.JobBackend;
import io.sen2cor.operator.backend.JobScenes;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.backend.Submission;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.status.EventSink;

/**
 * The one lifecycle of a Sen2CorJob, the same on every backend (docs/architecture.md, "The job lifecycle"): rounds
 * (the first run, retries of failed scenes, resumes), suspend and resume, stuck detection, the settled check, the
 * finish Event and the report. It drives a {@link JobBackend} through its narrow port and writes the status; the
 * backend never decides a phase.
 */
public class JobLifecycle {

    static final String INITIAL = "Initial";
    static final String RETRY_FAILED = "RetryFailed";
    static final String RESUME = "Resume";
    static final String SPOT_ESCALATION = "SpotEscalation";

    private final EventSink events;
    private final Clock clock;
    private final SceneSelections selections;

    public JobLifecycle(EventSink events, Clock clock, SceneSelections selections) {
        this.events = events;
        this.clock = clock;
        this.selections = selections;
    }

    /** Moves the job one step on {@code backend}; fills phase, scenes, progress, failures and the backend's rounds. */
    public Observation reconcile(JobBackend backend, Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status) {
        return reconcile(backend, job, env, status, Optional::empty);
    }

    /**
     * @param admission asked before anything new is sent to the backend (a round, the rest of one, a resume): a
     *                  refusal there stops the sending and becomes the observation, while running work is still
     *                  followed (docs/security.md)
     */
    public Observation reconcile(JobBackend backend, Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status,
            Supplier<Optional<Observation>> admission) {
        try {
            return step(backend, job, env, status, admission);
        } catch (RuntimeException e) {
            return backend.explain(job, e).orElseThrow(() -> e);
        }
    }

    private Observation step(JobBackend backend, Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status,
            Supplier<Optional<Observation>> admission) {
        List<SceneRound> rounds = JobRounds.of(status);
        boolean suspend = Boolean.TRUE.equals(job.getSpec().getSuspend());
        SceneRound last = rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
        if (last == null && job.getSpec().getScenes() != null) {
            // spec.scenes is searched once; the backends see the frozen ids from the next reconcile on
            Optional<Condition> ready = Conditions.find(status.getConditions(), ConditionType.READY);
            if (status.getSelection() == null && status.getPhase() == JobPhase.Failed && ready.isPresent()
                    && ConditionReason.SelectionRefused.name().equals(ready.get().getReason())) {
                // refused for good (spec.scenes cannot change): say it again, search no more
                return Observation.degraded(ConditionReason.SelectionRefused, ready.get().getMessage(), null);
            }
            if (status.getSelection() == null) {
                Observation resolving = selections.resolve(job, status, products -> backend.succeededScenes(job, env, products));
                if (status.getSelection() != null) {
                    JobProgress.initialise(status, status.getSelection().getSelected());
                }
                return resolving;
            }
            if (status.getSelection().getSelected() == 0) {
                return finished(JobPhase.Succeeded, status.getScenes());
            }
        }

        if (last == null || !backend.submitted(last)) {
            if (suspend) {
                if (last == null) {
                    status.setPhase(JobPhase.Pending);
                }
                return new Observation(Observation.State.READY, ConditionReason.Suspended,
                        "spec.suspend is true: nothing more is submitted", null);
            }
            if (last == null) {
                Optional<Observation> problem = backend.preflight(job, env);
                if (problem.isPresent()) {
                    return problem.get();
                }
                return startRound(backend, job, env, status, rounds, INITIAL, JobScenes.of(job), admission);
            }
            return submit(backend, job, env, status, last, last.getRound() == 0 ? JobScenes.of(job) : List.of(), admission);
        }

        if (JobProgress.settled(job, status)) {
            // finished work never changes on its own: observing it again could count its scenes as pending
            // (backends stop watching finished work) and flip the phase back to Running
            if (status.getUsage() == null || status.getUsage().getVcpuHours() == null) {
                backend.published(job, env).ifPresent(used -> JobProgress.used(status, used));
            }
            return finished(status.getPhase(), status.getScenes());
        }
        Optional<Observation> refreshed = backend.refresh(job, env, rounds, status.getCompletionTime() != null);
        if (refreshed.isPresent()) {
            return refreshed.get();
        }
        SceneCounts before = status.getScenes();
        SceneCounts counts = JobProgress.rollUp(JobScenes.of(job).size(),
                rounds.stream().map(r -> backend.observe(job, r)).toList(), carried(last));
        JobProgress.record(status, counts, now());
        List<FailedScene> failed = List.of();
        if (JobProgress.needsFailureDetail(before, counts, status)) {
            failed = failures(backend, job, env, rounds);
            status.setFailures(forStatus(backend, job, env, failed));
        } else if (counts.getFailed() == 0) {
            status.setFailures(null);
        }

        if (JobProgress.active(counts)) {
            status.setPhase(JobPhase.Running);
            return whileActive(backend, job, env, status, last, counts, suspend, admission);
        }

        // everything of the last round has finished
        List<FailedScene> cancelled = failed.stream().filter(FailedScene::cancelled).toList();
        if (!suspend && !cancelled.isEmpty()) {
            return startRound(backend, job, env, status, rounds, RESUME, null, products(cancelled),
                    failed.size() - cancelled.size(), admission);
        }
        Integer threshold = job.getSpec().getRetry().getOnDemandAfterSpotInterruptions();
        boolean described = false;
        if (threshold != null && !failed.isEmpty() && !SceneRound.ON_DEMAND.equals(last.getCapacity())
                && !Boolean.TRUE.equals(last.getInterruptionsCounted())) {
            // described once: their Spot interruptions here, their logs in the report if the job finishes below
            failed = backend.detail(job, env, failed);
            described = true;
            Optional<Observation> escalated = escalate(backend, job, env, status, rounds, failed, threshold, admission);
            if (escalated.isPresent()) {
                return escalated.get();
            }
        }
        if (!failed.isEmpty() && JobProgress.retryRequested(job, status)) {
            Optional<Observation> refused = admission.get();
            if (refused.isPresent()) {
                // the request stays pending: it runs once the environment admits the job again
                return refused.get();
            }
        }
        if (JobProgress.takeRetryRequest(job, status) && !failed.isEmpty()) {
            return startRound(backend, job, env, status, rounds, RETRY_FAILED, null, products(failed), 0, Optional::empty);
        }
        JobPhase phase = JobProgress.phase(counts, !cancelled.isEmpty());
        backend.release(job);
        if (JobProgress.finish(status, phase, now())) {
            // every failure's log, not only the first ones status shows: the report is where all of them are kept
            backend.publish(job, env, JobReport.of(job, status, described ? failed : backend.detail(job, env, failed)).toJson());
            backend.published(job, env).ifPresent(used -> JobProgress.used(status, used));
            events.record(job, phase == JobPhase.Succeeded ? EventReason.Completed : EventReason.CompletedWithFailures,
                    JobProgress.finishedEvent(phase, counts));
        }
        return finished(phase, counts);
    }

    private Observation whileActive(JobBackend backend, Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status,
            SceneRound last, SceneCounts counts, boolean suspend, Supplier<Optional<Observation>> admission) {
        Optional<Condition> ready = Conditions.find(status.getConditions(), ConditionType.READY);
        boolean wasSuspended = ready.map(c -> ConditionReason.Suspended.name().equals(c.getReason())).orElse(false);
        if (suspend) {
            String message;
            if (wasSuspended) {
                message = ready.get().getMessage();
            } else {
                JobBackend.Suspension done = backend.suspend(job, env, last);
                if (done.event() != null) {
                    events.record(job, EventReason.JobsCancelled, done.event());
                }
                message = done.message();
            }
            return new Observation(Observation.State.READY, ConditionReason.Suspended, message, backend.resync());
        }
        if (wasSuspended) {
            Optional<Observation> refused = admission.get();
            if (refused.isPresent()) {
                return refused.get();
            }
            String resumed = backend.resume(job, env, last);
            if (resumed != null) {
                events.record(job, EventReason.JobSubmitted, resumed);
            }
        }
        Instant lastProgress = Instant.parse(status.getLastProgressTime());
        Observation running = new Observation(Observation.State.READY, ConditionReason.Ready, JobProgress.runningMessage(counts),
                backend.resync());
        return backend.notStarting(job, env, last, counts, lastProgress)
                .map(why -> running.warn(ConditionReason.ScenesNotStarting, why))
                .orElse(running);
    }

    /**
     * The last round's failed scenes that Spot interrupted at least {@code threshold} times, with their last attempt
     * interrupted too, go into a round on On-Demand capacity; the other failures stay failed (carried). Counted once
     * per round, when it has finished.
     *
     * @param failed every failure of the job, described ({@link JobBackend#detail})
     */
    private Optional<Observation> escalate(JobBackend backend, Sen2CorJob job, BatchEnvironment env,
            Sen2CorJobStatus status, List<SceneRound> rounds, List<FailedScene> failed, int threshold,
            Supplier<Optional<Observation>> admission) {
        SceneRound last = rounds.get(rounds.size() - 1);
        Set<String> ranLast = Set.copyOf(backend.products(job, env, last));
        List<FailedScene> lastRound = failed.stream().filter(f -> ranLast.contains(f.product())).toList();
        last.setInterruptionsCounted(true);
        int interruptions = lastRound.stream().mapToInt(f -> f.spotInterruptions() == null ? 0 : f.spotInterruptions()).sum();
        List<FailedScene> escalating = lastRound.stream().filter(f -> f.escalates(threshold)).toList();
        SpotStatus spot = status.getSpot() == null ? new SpotStatus() : status.getSpot();
        spot.setInterruptions((spot.getInterruptions() == null ? 0 : spot.getInterruptions()) + interruptions);
        if (spot.getEscalated() == null) {
            spot.setEscalated(0);
        }
        status.setSpot(spot);
        if (escalating.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> unavailable = backend.onDemandUnavailable(env);
        if (unavailable.isPresent()) {
            events.record(job, EventReason.SpotEscalationUnavailable, escalating.size() + " scene(s) were interrupted on "
                    + "Spot " + threshold + " time(s) or more and stay failed: " + unavailable.get());
            return Optional.empty();
        }
        spot.setEscalated(spot.getEscalated() + escalating.size());
        events.record(job, EventReason.SpotEscalation, escalating.size() + " scene(s) interrupted on Spot " + threshold
                + " time(s) or more run again on On-Demand capacity");
        return Optional.of(startRound(backend, job, env, status, rounds, SPOT_ESCALATION, SceneRound.ON_DEMAND,
                products(escalating), failed.size() - escalating.size(), admission));
    }

    /**
     * Every failed scene of the job: the last round's, and those of earlier rounds that no later round ran again
     * (a scene's result is its result in the last round that ran it). Earlier rounds are looked at only when the last
     * one carries failures.
     */
    private static List<FailedScene> failures(JobBackend backend, Sen2CorJob job, BatchEnvironment env,
            List<SceneRound> rounds) {
        SceneRound last = rounds.get(rounds.size() - 1);
        if (carried(last) == 0) {
            return backend.failedScenes(job, env, last);
        }
        Map<String, FailedScene> byProduct = new LinkedHashMap<>();
        for (SceneRound round : rounds) {
            if (round.getRound() > 0) {
                backend.products(job, env, round).forEach(byProduct::remove);
            }
            backend.failedScenes(job, env, round).forEach(f -> byProduct.put(f.product(), f));
        }
        return List.copyOf(byProduct.values());
    }

    private static int carried(SceneRound round) {
        return round == null || round.getCarriedFailed() == null ? 0 : round.getCarriedFailed();
    }

    private Observation startRound(JobBackend backend, Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status,
            List<SceneRound> rounds, String cause, List<String> products, Supplier<Optional<Observation>> admission) {
        return startRound(backend, job, env, status, rounds, cause, null, products, 0, admission);
    }

    /**
     * @param capacity      {@link SceneRound#ON_DEMAND}, or null for the environment's usual capacity
     * @param carriedFailed failed scenes of earlier rounds this one does not run again
     */
    private Observation startRound(JobBackend backend, Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status,
            List<SceneRound> rounds, String cause, String capacity, List<String> products, int carriedFailed,
            Supplier<Optional<Observation>> admission) {
        Optional<Observation> refused = admission.get();
        if (refused.isPresent()) {
            return refused.get();
        }
        SceneRound round = new SceneRound();
        round.setRound(rounds.size());
        round.setCause(cause);
        round.setScenes(products.size());
        round.setCapacity(capacity);
        round.setCarriedFailed(carriedFailed == 0 ? null : carriedFailed);
        rounds.add(round);
        if (round.getRound() > 0) {
            status.setCompletionTime(null);
            status.setFailures(null);
        }
        return submit(backend, job, env, status, round, products, Optional::empty);
    }

    private Observation submit(JobBackend backend, Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status,
            SceneRound round, List<String> products, Supplier<Optional<Observation>> admission) {
        Optional<Observation> refused = admission.get();
        if (refused.isPresent()) {
            return refused.get();
        }
        Submission step = backend.submit(job, env, status, round, products);
        if (step.event() != null) {
            events.record(job, EventReason.JobSubmitted, step.event() + (round.getRound() > 0
                    ? ", round " + round.getRound() + " (" + round.getCause() + ")" : ""));
        }
        if (!round.getJobIds().isEmpty()) {
            if (status.getStartTime() == null) {
                status.setStartTime(now());
            }
            status.setPhase(backend.submitted(round) ? JobPhase.Running : JobPhase.Submitting);
        }
        return step.next();
    }

    /** The first failures for status, with what the backend can tell of their attempts and logs. */
    private static List<SceneFailure> forStatus(JobBackend backend, Sen2CorJob job, BatchEnvironment env,
            List<FailedScene> failed) {
        List<FailedScene> first = failed.subList(0, Math.min(failed.size(), Sen2CorJobStatus.MAX_FAILURES));
        if (first.isEmpty()) {
            return null;
        }
        return backend.detail(job, env, first).stream().map(f -> {
            SceneFailure sf = new SceneFailure();
            sf.setProduct(f.product());
            sf.setReason(f.reason());
            sf.setAttempts(f.attempts());
            if (f.log() != null) {
                sf.setLogGroup(f.log().group());
                sf.setLogStream(f.log().stream());
                sf.setLogUrl(f.log().url());
                sf.setPod(f.log().pod());
                sf.setLogCommand(f.log().command());
            }
            return sf;
        }).toList();
    }

    private static List<String> products(List<FailedScene> scenes) {
        return scenes.stream().map(FailedScene::product).toList();
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

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
