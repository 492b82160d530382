package io.sen2cor.operator.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobSpec;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.api.SpotStatus;
import io.sen2cor.operator.backend.FailedScene;
import io.sen2cor.operator.backend.JobActions;
import io.sen2cor.operator.backend.JobBackend;
import io.sen2cor.operator.backend.JobObserver;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.backend.Submission;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.status.EventSink;
import io.sen2cor.operator.status.JobRounds;
import io.sen2cor.operator.work.JobScenes;

/**
 * The one lifecycle of a Sen2CorJob, the same on every backend (docs/architecture.md, "The job lifecycle"): rounds
 * (the first run, retries of failed scenes, resumes), suspend and resume, stuck detection, the settled check, the
 * finish Event and the report. Each reconcile observes ({@link JobObservations}, the backend's observer port),
 * decides ({@link JobDecisions}, pure) and acts (here, through the backend's {@link JobActions} port), and writes the
 * status; the backend never decides a phase.
 */
public class JobLifecycle {

    private final EventSink events;
    private final Clock clock;
    private final SceneSelections selections;

    public JobLifecycle(EventSink events, Clock clock, SceneSelections selections) {
        this.events = events;
        this.clock = clock;
        this.selections = selections;
    }

    /** Moves the job one step on {@code backend}; fills phase, scenes, progress, failures and the rounds. */
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
            return new Step(backend, job, env, status, admission).run();
        } catch (RuntimeException e) {
            return backend.explain(job, e).orElseThrow(() -> e);
        }
    }

    /** One reconcile of one job: what it observes, decides and does. */
    private final class Step {

        private final JobObserver observer;
        private final JobActions actions;
        private final Sen2CorJob job;
        private final BatchEnvironment env;
        private final Sen2CorJobStatus status;
        private final Supplier<Optional<Observation>> admission;
        private final List<SceneRound> rounds;
        private final JobObservations observations;

        Step(JobBackend backend, Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status,
                Supplier<Optional<Observation>> admission) {
            this.observer = backend;
            this.actions = backend;
            this.job = job;
            this.env = env;
            this.status = status;
            this.admission = admission;
            this.rounds = JobRounds.of(status);
            this.observations = new JobObservations(observer, job, env, status);
        }

        Observation run() {
            SceneRound last = last();
            Decision first = JobDecisions.beforeObserving(job, status, last, last != null && observer.submitted(last));
            if (!(first instanceof Decision.Observe)) {
                return act(first);
            }
            JobSnapshot seen = observations.take(rounds, now());
            if (seen.problem() != null) {
                return seen.problem();
            }
            if (JobProgress.active(seen.counts())) {
                status.setPhase(JobPhase.Running);
                return actWhileActive(JobDecisions.whileActive(job, status), seen);
            }
            return actAfterRound(seen);
        }

        private Observation act(Decision decision) {
            if (decision instanceof Decision.Report report) {
                return report.observation();
            }
            if (decision instanceof Decision.Select) {
                Observation resolving = selections.resolve(job, status, products -> observer.succeededScenes(job, env, products));
                if (status.getSelection() != null && status.getSelection().getSelected() > Sen2CorJobSpec.MAX_INLINE_PRODUCTS) {
                    Optional<Observation> refused = keepLargeSelection();
                    if (refused.isPresent()) {
                        return refused.get();
                    }
                }
                if (status.getSelection() != null) {
                    JobProgress.initialise(status, status.getSelection().getSelected());
                }
                return resolving;
            }
            if (decision instanceof Decision.HoldSuspended) {
                if (rounds.isEmpty()) {
                    status.setPhase(JobPhase.Pending);
                }
                return new Observation(Observation.State.READY, ConditionReason.Suspended,
                        "spec.suspend is true: nothing more is submitted", null);
            }
            if (decision instanceof Decision.FirstRound) {
                Optional<Observation> problem = observer.preflight(job, env);
                return problem.orElseGet(() -> startRound(new Decision.StartRound(JobDecisions.INITIAL, null,
                        JobScenes.of(job), 0, false)));
            }
            if (decision instanceof Decision.ContinueRound next) {
                return admission.get().orElseGet(() -> submit(last(), next.products()));
            }
            if (decision instanceof Decision.Settled) {
                if (status.getUsage() == null || status.getUsage().getVcpuHours() == null) {
                    observer.published(job, env).ifPresent(used -> JobProgress.used(status, used));
                }
                return JobDecisions.finished(status.getPhase(), status.getScenes());
            }
            throw new IllegalStateException("not a decision before observing: " + decision);
        }

        private Observation actWhileActive(Decision decision, JobSnapshot seen) {
            if (decision instanceof Decision.StaySuspended still) {
                return suspended(still.message());
            }
            if (decision instanceof Decision.Suspend) {
                JobActions.Suspension done = actions.suspend(job, env, last());
                if (done.event() != null) {
                    events.record(job, EventReason.JobsCancelled, done.event());
                }
                return suspended(done.message());
            }
            if (decision instanceof Decision.Resume) {
                Optional<Observation> refused = admission.get();
                if (refused.isPresent()) {
                    return refused.get();
                }
                String resumed = actions.resume(job, env, last());
                if (resumed != null) {
                    events.record(job, EventReason.JobSubmitted, resumed);
                }
            }
            Instant lastProgress = Instant.parse(status.getLastProgressTime());
            Observation running = new Observation(Observation.State.READY, ConditionReason.Ready,
                    JobProgress.runningMessage(seen.counts()), observer.resync());
            return observer.notStarting(job, env, last(), seen.counts(), lastProgress)
                    .map(why -> running.warn(ConditionReason.ScenesNotStarting, why))
                    .orElse(running);
        }

        private Observation actAfterRound(JobSnapshot seen) {
            Decision decision = JobDecisions.afterRound(job, status, last(), seen);
            if (decision instanceof Decision.CountInterruptions count) {
                seen = seen.withDescribed(observer.detail(job, env, seen.failed()));
                Optional<Observation> escalated = countInterruptions(seen, count.threshold());
                if (escalated.isPresent()) {
                    return escalated.get();
                }
                decision = JobDecisions.afterRound(job, status, last(), seen);
            }
            if (decision instanceof Decision.StartRound round) {
                return startRound(round);
            }
            if (decision instanceof Decision.RetryFailed) {
                Optional<Observation> refused = admission.get();
                if (refused.isPresent()) {
                    // the request stays pending: it runs once the environment admits the job again
                    return refused.get();
                }
                JobProgress.takeRetryRequest(job, status);
                return startRound(new Decision.StartRound(JobDecisions.RETRY_FAILED, null,
                        JobDecisions.products(seen.failed()), 0, true));
            }
            JobPhase phase = ((Decision.Finish) decision).phase();
            // a retry asked of a job without failed scenes has nothing to run: it is acknowledged
            JobProgress.takeRetryRequest(job, status);
            actions.release(job);
            if (JobProgress.finish(status, phase, now())) {
                // every failure's log, not only the first ones status shows: the report is where all of them are kept
                List<FailedScene> all = seen.described() ? seen.failed() : observer.detail(job, env, seen.failed());
                actions.publish(job, env, JobReport.of(job, status, all).toJson());
                observer.published(job, env).ifPresent(used -> JobProgress.used(status, used));
                events.record(job, phase == JobPhase.Succeeded ? EventReason.Completed : EventReason.CompletedWithFailures,
                        JobProgress.finishedEvent(phase, seen.counts()));
            }
            return JobDecisions.finished(phase, seen.counts());
        }

        /**
         * Counts the last round's Spot interruptions once (status.spot) and starts an On-Demand round for the scenes
         * that call for one, when the environment has On-Demand capacity; empty when no round starts.
         */
        private Optional<Observation> countInterruptions(JobSnapshot seen, int threshold) {
            SceneRound last = last();
            Set<String> ranLast = Set.copyOf(observer.products(job, env, last));
            JobDecisions.Escalation escalation = JobDecisions.escalation(seen.failed(), ranLast, threshold);
            last.setInterruptionsCounted(true);
            SpotStatus spot = status.getSpot() == null ? new SpotStatus() : status.getSpot();
            spot.setInterruptions((spot.getInterruptions() == null ? 0 : spot.getInterruptions()) + escalation.interruptions());
            if (spot.getEscalated() == null) {
                spot.setEscalated(0);
            }
            status.setSpot(spot);
            if (escalation.onDemand().isEmpty()) {
                return Optional.empty();
            }
            int scenes = escalation.onDemand().size();
            Optional<String> unavailable = observer.onDemandUnavailable(env);
            if (unavailable.isPresent()) {
                events.record(job, EventReason.SpotEscalationUnavailable, scenes + " scene(s) were interrupted on "
                        + "Spot " + threshold + " time(s) or more and stay failed: " + unavailable.get());
                return Optional.empty();
            }
            spot.setEscalated(spot.getEscalated() + scenes);
            events.record(job, EventReason.SpotEscalation, scenes + " scene(s) interrupted on Spot " + threshold
                    + " time(s) or more run again on On-Demand capacity");
            return Optional.of(startRound(new Decision.StartRound(JobDecisions.SPOT_ESCALATION, SceneRound.ON_DEMAND,
                    escalation.onDemand(), escalation.carriedFailed(), false)));
        }

        private Observation startRound(Decision.StartRound start) {
            if (!start.admitted()) {
                Optional<Observation> refused = admission.get();
                if (refused.isPresent()) {
                    return refused.get();
                }
            }
            SceneRound round = new SceneRound();
            round.setRound(rounds.size());
            round.setCause(start.cause());
            // the first round of a selection kept in the store has its count only; the backend reads the ids there
            round.setScenes(rounds.isEmpty() ? JobScenes.count(job) : start.products().size());
            round.setCapacity(start.capacity());
            round.setCarriedFailed(start.carriedFailed() == 0 ? null : start.carriedFailed());
            rounds.add(round);
            if (round.getRound() > 0) {
                status.setCompletionTime(null);
                status.setFailures(null);
            }
            return submit(round, start.products());
        }

        /**
         * A selection above what status holds goes to the backend's store (status keeps its counts, hash and where it
         * is); a backend that cannot keep it refuses the job for good, before anything is submitted.
         */
        private Optional<Observation> keepLargeSelection() {
            var selection = status.getSelection();
            Optional<String> kept;
            try {
                kept = actions.keepSelection(job, env, selection.getProducts());
            } catch (RuntimeException e) {
                // the ids must not reach status (a million would pass etcd's object limit): searched again next time
                status.setSelection(null);
                throw e;
            }
            if (kept.isEmpty()) {
                status.setSelection(null);
                status.setPhase(JobPhase.Failed);
                return Optional.of(Observation.degraded(ConditionReason.SelectionRefused, "the search selected "
                        + selection.getSelected() + " scenes; BatchEnvironment " + env.getMetadata().getName() + "'s backend "
                        + "keeps at most " + Sen2CorJobSpec.MAX_INLINE_PRODUCTS + " per Sen2CorJob: split the selection, "
                        + "e.g. one job per MGRS tile or per month", null));
            }
            selection.setManifestUri(kept.get());
            selection.setProducts(null);
            return Optional.empty();
        }

        private Observation submit(SceneRound round, List<String> products) {
            Submission step = actions.submit(job, env, status, round, products);
            if (step.event() != null) {
                events.record(job, EventReason.JobSubmitted, step.event() + (round.getRound() > 0
                        ? ", round " + round.getRound() + " (" + round.getCause() + ")" : ""));
            }
            if (!round.getJobIds().isEmpty()) {
                if (status.getStartTime() == null) {
                    status.setStartTime(now());
                }
                status.setPhase(observer.submitted(round) ? JobPhase.Running : JobPhase.Submitting);
            }
            return step.next();
        }

        private Observation suspended(String message) {
            return new Observation(Observation.State.READY, ConditionReason.Suspended, message, observer.resync());
        }

        private SceneRound last() {
            return rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
        }
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
