package io.sen2cor.operator.lifecycle;

import java.util.List;

import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.backend.Observation;

/**
 * What the lifecycle does next, decided by {@link JobDecisions} from the spec, the status and the backend's
 * {@link JobSnapshot}, and carried out by {@link JobLifecycle} through the backend's action port. See
 * docs/architecture.md, "The job lifecycle".
 */
sealed interface Decision {

    /** Report this and send nothing (a refusal that stands, a suspended job with nothing out yet). */
    record Report(Observation observation) implements Decision {
    }

    /** spec.suspend while the last round is not all out: submit nothing (a job with no round yet stays Pending). */
    record HoldSuspended() implements Decision {
    }

    /** Search spec.scenes once and freeze what it found. */
    record Select() implements Decision {
    }

    /** Open round 0 with every scene (after the backend's preflight). */
    record FirstRound() implements Decision {
    }

    /** Submit the next part of the last round; {@code products} only when the backend has not stored them yet. */
    record ContinueRound(List<String> products) implements Decision {
    }

    /** Nothing was asked since the job finished: report it as it is, without looking at the backend. */
    record Settled() implements Decision {
    }

    /** Look at the backend: the last round is out. */
    record Observe() implements Decision {
    }

    /** spec.suspend turned true while scenes wait or run: suspend the last round once. */
    record Suspend() implements Decision {
    }

    /** Still suspended: keep the message the suspension wrote. */
    record StaySuspended(String message) implements Decision {
    }

    /** spec.suspend turned false while the round still has work: let it run again. */
    record Resume() implements Decision {
    }

    /** Scenes run or wait: report progress, and why they are not starting if they are not. */
    record KeepRunning() implements Decision {
    }

    /**
     * A new round of {@code products}; the job's other failures stay failed ({@code carriedFailed}).
     *
     * @param capacity {@code SceneRound.ON_DEMAND}, or null for the environment's usual capacity
     * @param admitted false when admission must be asked first (true: it was asked for this very request)
     */
    record StartRound(String cause, String capacity, List<String> products, int carriedFailed, boolean admitted)
            implements Decision {
    }

    /** The round has ended with Spot failures not counted yet: describe them and count interruptions first. */
    record CountInterruptions(int threshold) implements Decision {
    }

    /** spec.retryGeneration was raised and scenes failed: ask admission, then run them again. */
    record RetryFailed() implements Decision {
    }

    /** Everything has ended and nothing asks for more. */
    record Finish(JobPhase phase) implements Decision {
    }
}
